package io.soa.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.soa.devchain.RepoRoot;
import io.soa.devstack.ServiceSpec;
import io.soa.events.Topics;
import io.soa.k8s.NetworkAccess.Peer;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The manifests as an operator applies them: each overlay built by kustomize ({@code kubectl
 * kustomize}, as {@code kubectl apply -k} would), read into the Kubernetes object model, and
 * cross-checked against the services' own configuration ({@code application.properties}): ports,
 * probes, databases, settings, topics, consumer groups. No cluster runs here.
 */
class ManifestsTest {
  static final Path ROOT = RepoRoot.find();
  static final KubernetesSerialization K8S = new KubernetesSerialization();

  /** What {@code kubectl apply -k k8s/overlays/<overlay>} would send. */
  static List<HasMetadata> build(String overlay) throws Exception {
    assumeTrue(
        Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
            .anyMatch(d -> Files.isExecutable(Path.of(d, "kubectl"))),
        "kubectl is not on the PATH: the overlays cannot be built (kubectl kustomize)");
    Process p =
        new ProcessBuilder(
                "kubectl", "kustomize", ROOT.resolve("k8s/overlays/" + overlay).toString())
            .redirectErrorStream(false)
            .start();
    String yaml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("kubectl kustomize %s: %s", overlay, err).isZero();
    List<HasMetadata> out = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---$")) {
      if (!doc.isBlank()) {
        out.add(K8S.unmarshal(doc));
      }
    }
    return out;
  }

  static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> type, String name) {
    return all(objects, type).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  static List<GenericKubernetesResource> kind(List<HasMetadata> objects, String kind) {
    return all(objects, GenericKubernetesResource.class).stream()
        .filter(r -> r.getKind().equals(kind))
        .toList();
  }

  /** A service's own configuration, without profile-specific keys. */
  static Properties props(ServiceSpec s) throws IOException {
    Properties p = new Properties();
    try (Reader r =
        Files.newBufferedReader(
            ROOT.resolve(s.name()).resolve("src/main/resources/application.properties"))) {
      p.load(r);
    }
    p.keySet().removeIf(k -> k.toString().startsWith("%"));
    return p;
  }

  /** The environment variable MicroProfile Config reads a property from. */
  static String envName(String property) {
    return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  static Container container(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  static ContainerPort port(Container c, String name) {
    return c.getPorts().stream()
        .filter(p -> name.equals(p.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(c.getName() + " has no port " + name));
  }

  /** Every variable the container sees: its own and those of the ConfigMaps it takes whole. */
  static Map<String, String> environment(List<HasMetadata> objects, Container c) {
    Map<String, String> env = new java.util.TreeMap<>();
    for (EnvFromSource from : c.getEnvFrom()) {
      env.putAll(named(objects, ConfigMap.class, from.getConfigMapRef().getName()).getData());
    }
    for (EnvVar v : c.getEnv()) {
      var ref = v.getValueFrom() != null ? v.getValueFrom().getConfigMapKeyRef() : null;
      if (ref != null) {
        Map<String, String> data = named(objects, ConfigMap.class, ref.getName()).getData();
        assertThat(data).as(c.getName() + " " + v.getName()).containsKey(ref.getKey());
        env.put(v.getName(), data.get(ref.getKey()));
      } else {
        env.put(
            v.getName(), v.getValue() != null ? v.getValue() : "<from " + v.getValueFrom() + ">");
      }
    }
    return env;
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyServiceRunsOnItsConfiguredPortsWithItsProbesDatabaseAndLimits(String overlay)
      throws Exception {
    List<HasMetadata> objects = build(overlay);
    for (ServiceSpec s : ServiceSpec.ALL) {
      Properties props = props(s);
      Deployment d = named(objects, Deployment.class, s.name());
      Container c = container(d);
      var labels = d.getSpec().getTemplate().getMetadata().getLabels();
      assertThat(labels)
          .containsEntry("app.kubernetes.io/name", s.name())
          .containsEntry("app.kubernetes.io/part-of", "soa")
          .containsKey("app.kubernetes.io/version");
      assertThat(labels).containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());

      int http = Integer.parseInt(props.getProperty("quarkus.http.port"));
      assertThat(http).isEqualTo(s.port());
      assertThat(port(c, "http").getContainerPort()).as(s.name()).isEqualTo(http);
      Service svc = named(objects, Service.class, s.name());
      assertThat(svc.getSpec().getSelector()).isEqualTo(d.getSpec().getSelector().getMatchLabels());
      assertThat(svc.getSpec().getPorts())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.getPort()).isEqualTo(http);
                assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
              });
      if (s.management()) {
        int mgmt = Integer.parseInt(props.getProperty("quarkus.management.port"));
        assertThat(port(c, "management").getContainerPort()).isEqualTo(mgmt);
        // reachable on the pod's address (behind the NetworkPolicies), not loopback as locally
        assertThat(environment(objects, c)).containsEntry("QUARKUS_MANAGEMENT_HOST", "0.0.0.0");
      }

      // health lives on the service port (not moved to the management interface)
      assertThat(props.getProperty("quarkus.smallrye-health.management.enabled", "false"))
          .isEqualTo("false");
      probe(c.getStartupProbe(), "/q/health/started");
      probe(c.getLivenessProbe(), "/q/health/live");
      probe(c.getReadinessProbe(), "/q/health/ready");

      var res = c.getResources();
      assertThat(res.getRequests()).as(s.name()).containsKeys("cpu", "memory");
      assertThat(res.getLimits()).as(s.name()).containsKeys("cpu", "memory");

      Map<String, String> env = environment(objects, c);
      // every hop of a call reports its spans, and logs as the others do
      assertThat(env)
          .as(s.name())
          .containsKeys(
              "QUARKUS_OTEL_SDK_DISABLED",
              "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
              "QUARKUS_LOG_CONSOLE_JSON_ENABLED");
      if (s.database() != null) {
        String local = props.getProperty("quarkus.datasource.reactive.url");
        assertThat(local).endsWith("/" + s.database());
        assertThat(env.get("QUARKUS_DATASOURCE_REACTIVE_URL")).endsWith("/" + s.database());
        assertThat(env.get("QUARKUS_DATASOURCE_JDBC_URL")).endsWith("/" + s.database());
        assertThat(env.get("QUARKUS_DATASOURCE_PASSWORD")).startsWith("<from");
      }
      // every SOA_* setting the container gets is one the service reads
      Set<String> known = new HashSet<>();
      props.stringPropertyNames().forEach(k -> known.add(envName(k)));
      for (EnvVar v : c.getEnv()) {
        if (v.getName().startsWith("SOA_")) {
          assertThat(known).as(s.name() + " reads " + v.getName()).contains(v.getName());
        }
      }
      // and every contract address it reads comes from the deployment's config, not a default
      for (String k : props.stringPropertyNames()) {
        if (k.startsWith("soa.chain.contracts.") || k.equals("soa.chain.rpc-url")) {
          assertThat(env).as(s.name() + " " + k).containsKey(envName(k));
        }
      }
    }
  }

  private static void probe(Probe p, String path) {
    assertThat(p).isNotNull();
    assertThat(p.getHttpGet().getPath()).isEqualTo(path);
    assertThat(p.getHttpGet().getPort().getStrVal()).isEqualTo("http");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everySharedSettingIsReadBySomeServiceAndTheDevAddressesAreComposes(String overlay)
      throws Exception {
    List<HasMetadata> objects = build(overlay);
    ConfigMap config = named(objects, ConfigMap.class, "soa-config");
    Set<String> read = new HashSet<>();
    for (ServiceSpec s : ServiceSpec.ALL) {
      props(s).stringPropertyNames().forEach(k -> read.add(envName(k)));
    }
    for (String key : config.getData().keySet()) {
      if (key.startsWith("SOA_")) {
        assertThat(read).as("some service reads " + key).contains(key);
      }
    }
    if (overlay.equals("dev")) {
      // docker-compose.yml's addresses are checked against a real deployment (DeploymentFilesTest)
      String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
      for (var e : config.getData().entrySet()) {
        if (e.getKey().startsWith("SOA_CHAIN_CONTRACTS_")) {
          assertThat(compose).contains(e.getKey() + ": \"" + e.getValue() + "\"");
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyTopicTheServicesUseIsAStrimziTopicOfTheClusterTheyConnectTo(String overlay)
      throws Exception {
    List<HasMetadata> objects = build(overlay);
    List<GenericKubernetesResource> topics = kind(objects, "KafkaTopic");
    Map<String, Map<String, Object>> byName = new java.util.HashMap<>();
    for (GenericKubernetesResource t : topics) {
      @SuppressWarnings("unchecked")
      Map<String, Object> spec = (Map<String, Object>) t.getAdditionalProperties().get("spec");
      byName.put((String) spec.get("topicName"), spec);
    }
    Set<String> used = new TreeSet<>(Topics.ALL);
    for (ServiceSpec s : ServiceSpec.ALL) {
      Properties p = props(s);
      for (String k : p.stringPropertyNames()) {
        if (k.startsWith("mp.messaging.") && k.endsWith(".topic")) {
          used.add(p.getProperty(k));
        }
      }
      // the analytics example's Kafka Streams sources (its internal topics are its own)
      for (String t : p.getProperty("quarkus.kafka-streams.topics", "").split(",")) {
        if (!t.isBlank()) {
          assertThat(Topics.ALL).as(s.name() + " reads a public topic").contains(t.trim());
        }
      }
    }
    assertThat(used).anyMatch(t -> t.startsWith("soa.dlq."));
    assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(used);

    String bootstrap =
        named(objects, ConfigMap.class, "soa-config").getData().get("KAFKA_BOOTSTRAP_SERVERS");
    for (GenericKubernetesResource t : topics) {
      // Strimzi names a cluster's bootstrap Service <cluster>-kafka-bootstrap
      assertThat(bootstrap)
          .startsWith(t.getMetadata().getLabels().get("strimzi.io/cluster") + "-bootstrap:");
    }
    for (var e : byName.entrySet()) {
      int replicas = ((Number) e.getValue().get("replicas")).intValue();
      int partitions = ((Number) e.getValue().get("partitions")).intValue();
      @SuppressWarnings("unchecked")
      Map<String, Object> cfg = (Map<String, Object>) e.getValue().get("config");
      assertThat(cfg).as(e.getKey()).containsKey("retention.ms");
      assertThat(partitions).isPositive();
      if (overlay.equals("prod")) {
        assertThat(replicas).as(e.getKey()).isEqualTo(3);
        assertThat(cfg).containsEntry("min.insync.replicas", "2");
      }
      if (e.getKey().startsWith("soa.chain.")
          || e.getKey().startsWith("soa.payments.")
          || e.getKey().startsWith("soa.catalog.")) {
        // the mirrors and the reconciliation read these from the start
        assertThat(cfg).as(e.getKey()).containsEntry("retention.ms", "-1");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void theStatelessServicesAutoscaleAndADrainNeverTakesAllOfOne(String overlay) throws Exception {
    List<HasMetadata> objects = build(overlay);
    Map<String, Integer> least = new java.util.HashMap<>();
    for (Deployment d : all(objects, Deployment.class)) {
      least.put(d.getMetadata().getName(), d.getSpec().getReplicas());
    }
    Set<String> scaled = new TreeSet<>();
    for (HorizontalPodAutoscaler h : all(objects, HorizontalPodAutoscaler.class)) {
      String target = h.getSpec().getScaleTargetRef().getName();
      Deployment d = named(objects, Deployment.class, target);
      assertThat(container(d).getResources().getRequests())
          .as(target + ": utilization is of the CPU request")
          .containsKey("cpu");
      assertThat(h.getSpec().getMinReplicas())
          .isPositive()
          .isLessThanOrEqualTo(h.getSpec().getMaxReplicas());
      least.put(target, h.getSpec().getMinReplicas());
      scaled.add(target);
    }
    assertThat(scaled)
        .containsExactlyInAnyOrder(
            "catalog-service", "licensing-service", "payment-service", "example-model");
    for (PodDisruptionBudget pdb : all(objects, PodDisruptionBudget.class)) {
      List<Deployment> selected =
          all(objects, Deployment.class).stream()
              .filter(
                  d ->
                      NetworkAccess.matches(
                          pdb.getSpec().getSelector(),
                          d.getSpec().getTemplate().getMetadata().getLabels()))
              .toList();
      assertThat(selected).as(pdb.getMetadata().getName()).hasSize(1);
      // at least one pod may go (a drain never blocks), never all of several
      assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
      assertThat(least.get(selected.get(0).getMetadata().getName())).isPositive();
    }
    assertThat(all(objects, PodDisruptionBudget.class)).hasSize(ServiceSpec.ALL.size());
    if (overlay.equals("prod")) {
      assertThat(least).allSatisfy((name, n) -> assertThat(n).as(name).isGreaterThanOrEqualTo(1));
      assertThat(least.get("licensing-service")).isGreaterThanOrEqualTo(2);
      assertThat(least.get("chain-indexer")).as("leader and standby").isEqualTo(2);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void onlyTheGatewayAndTheCatalogAreReachableFromOutsideAndManagementPortsNever(String overlay)
      throws Exception {
    List<HasMetadata> objects = build(overlay);
    NetworkAccess net = new NetworkAccess(all(objects, NetworkPolicy.class));
    Map<String, Map<String, String>> pods = new java.util.HashMap<>();
    Map<String, Container> containers = new java.util.HashMap<>();
    for (Deployment d : all(objects, Deployment.class)) {
      pods.put(d.getMetadata().getName(), d.getSpec().getTemplate().getMetadata().getLabels());
      containers.put(d.getMetadata().getName(), container(d));
    }
    Peer outside = Peer.outside();
    Peer ingress = Peer.pod("ingress-nginx", Map.of("app", "ingress-nginx"));
    Peer prometheus = Peer.pod("monitoring", Map.of("app", "prometheus"));
    Peer gateway = Peer.pod(NetworkAccess.NAMESPACE, pods.get("licensing-service"));
    Peer catalog = Peer.pod(NetworkAccess.NAMESPACE, pods.get("catalog-service"));
    Peer stranger = Peer.pod(NetworkAccess.NAMESPACE, Map.of("app", "something-else"));
    for (var e : containers.entrySet()) {
      String name = e.getKey();
      Map<String, String> labels = pods.get(name);
      boolean isPublic = name.equals("catalog-service") || name.equals("licensing-service");
      for (ContainerPort p : e.getValue().getPorts()) {
        boolean service = p.getName().equals("http");
        String what = name + " " + p.getName();
        assertThat(net.allows(outside, labels, p))
            .as(what + " from outside")
            .isEqualTo(isPublic && service);
        assertThat(net.allows(ingress, labels, p))
            .as(what + " from the ingress")
            .isEqualTo(isPublic && service);
        assertThat(net.allows(stranger, labels, p))
            .as(what + " from a stranger pod")
            .isEqualTo(isPublic && service);
        // Prometheus scrapes the management port; a service port only where anyone may
        assertThat(net.allows(prometheus, labels, p))
            .as(what + " from Prometheus")
            .isEqualTo(!service || isPublic);
        if (p.getName().equals("management")) {
          assertThat(net.allows(catalog, labels, p)).as(what + " from the catalog").isFalse();
          assertThat(net.allows(gateway, labels, p)).as(what + " from the gateway").isFalse();
        }
      }
    }
    // the gateway's own calls: vouchers charged at payment-service, calls forwarded to the model
    assertThat(
            net.allows(
                gateway,
                pods.get("payment-service"),
                port(containers.get("payment-service"), "http")))
        .isTrue();
    assertThat(
            net.allows(
                gateway, pods.get("example-model"), port(containers.get("example-model"), "http")))
        .isTrue();
    assertThat(
            net.allows(
                catalog,
                pods.get("payment-service"),
                port(containers.get("payment-service"), "http")))
        .isFalse();
  }

  /** Metric names in PromQL, beside the functions, labels and keywords around them. */
  static final Pattern METRIC = Pattern.compile("\\b((?:soa|kafka)_[a-z_]+)\\b");

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void alertsAndDashboardWatchEveryServiceTopicAndGroup(String overlay) throws Exception {
    List<HasMetadata> objects = build(overlay);
    GenericKubernetesResource rule = kind(objects, "PrometheusRule").get(0);
    JsonNode spec = new ObjectMapper().valueToTree(rule.getAdditionalProperties().get("spec"));
    Map<String, String> alerts = new java.util.TreeMap<>();
    for (JsonNode g : spec.path("groups")) {
      for (JsonNode r : g.path("rules")) {
        assertThat(r.path("labels").path("severity").asText()).isIn("warning", "critical");
        assertThat(r.path("annotations").path("summary").asText()).isNotBlank();
        alerts.put(r.path("alert").asText(), r.path("expr").asText());
      }
    }
    assertThat(alerts)
        .containsKeys(
            "SoaIndexerHalted",
            "SoaIndexerLagging",
            "SoaSettlementBacklog",
            "SoaValueAtRiskOfExpiry",
            "SoaDeadLetters",
            "SoaConsumerLag");
    // the dead-letter alert sees every dead-letter topic, the lag alert every consumer group
    Pattern dlq = Pattern.compile(quoted(alerts.get("SoaDeadLetters"), "topic"));
    Pattern groups = Pattern.compile(quoted(alerts.get("SoaConsumerLag"), "consumergroup"));
    for (ServiceSpec s : ServiceSpec.ALL) {
      Properties p = props(s);
      for (String k : p.stringPropertyNames()) {
        if (k.endsWith("dead-letter-queue.topic")) {
          assertThat(dlq.matcher(p.getProperty(k)).matches()).as(p.getProperty(k)).isTrue();
        }
        if (k.startsWith("mp.messaging.incoming.") && k.endsWith(".group.id")) {
          assertThat(groups.matcher(p.getProperty(k)).matches()).as(p.getProperty(k)).isTrue();
        }
      }
    }
    ConfigMap dash =
        all(objects, ConfigMap.class).stream()
            .filter(c -> "1".equals(c.getMetadata().getLabels().get("grafana_dashboard")))
            .findFirst()
            .orElseThrow();
    JsonNode dashboard = new ObjectMapper().readTree(dash.getData().get("soa-dashboard.json"));
    assertThat(dashboard.path("uid").asText()).isNotBlank();
    Set<String> charted = new TreeSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      for (JsonNode t : panel.path("targets")) {
        charted.addAll(metrics(t.path("expr").asText()));
      }
    }
    Set<String> alerted = new TreeSet<>();
    alerts.values().forEach(e -> alerted.addAll(metrics(e)));
    // what pages an operator is on the dashboard too
    assertThat(charted).containsAll(alerted);
  }

  /** The names of the series a PromQL expression reads. */
  static Set<String> metrics(String expr) {
    Set<String> out = new TreeSet<>();
    Matcher m = METRIC.matcher(expr);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The regular expression a PromQL label matcher {@code label=~"..."} gives. */
  private static String quoted(String expr, String label) {
    Matcher m = Pattern.compile(label + "=~\"([^\"]+)\"").matcher(expr);
    assertThat(m.find()).as(expr).isTrue();
    return m.group(1).replace("\\\\", "\\");
  }
}
