package io.soa.k8s;

import static io.soa.k8s.ManifestsTest.build;
import static io.soa.k8s.ManifestsTest.container;
import static io.soa.k8s.ManifestsTest.kind;
import static io.soa.k8s.ManifestsTest.named;
import static io.soa.k8s.ManifestsTest.props;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.soa.devstack.ServiceSpec;
import io.soa.events.EventType;
import io.soa.events.catalog.CatalogEventTypes;
import io.soa.events.chain.ChainEventTypes;
import io.soa.events.licensing.LicensingEventTypes;
import io.soa.events.payments.PaymentEventTypes;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Issue 26, finding 12: production Kafka trusts no producer. Each service of the prod overlay
 * connects as its own Strimzi KafkaUser (SCRAM-SHA-512 over TLS) whose ACLs are exactly what its
 * configuration needs, derived here from its application.properties and from the events module's
 * producers: only the indexer writes soa.chain.*, each service only its own topics and dead
 * letters, each reads what it consumes in its own group, the analytics example only the public
 * topics.
 */
class KafkaAccessTest {
  /** Whose events each producer writes (the events module's holders). */
  static final Map<String, List<EventType<?>>> PRODUCES =
      Map.of(
          "chain-indexer", ChainEventTypes.ALL,
          "catalog-service", CatalogEventTypes.ALL,
          "licensing-service", LicensingEventTypes.ALL,
          "payment-service", PaymentEventTypes.ALL);

  /** The ACLs a service needs, as {@code type:name:pattern:operation}. */
  static Set<String> needed(ServiceSpec s) throws Exception {
    Properties p = props(s);
    Set<String> out = new TreeSet<>();
    for (String k : p.stringPropertyNames()) {
      String v = p.getProperty(k);
      if (k.endsWith(".dead-letter-queue.topic")) {
        out.add("topic:" + v + ":literal:Write");
        out.add("topic:" + v + ":literal:Describe");
      } else if (k.startsWith("mp.messaging.incoming.") && k.endsWith(".topic")) {
        out.add("topic:" + v + ":literal:Read");
        out.add("topic:" + v + ":literal:Describe");
      } else if (k.startsWith("mp.messaging.incoming.") && k.endsWith(".group.id")) {
        out.add("group:" + v + ":literal:Read");
      }
    }
    for (EventType<?> t : PRODUCES.getOrDefault(s.name(), List.of())) {
      for (String topic : t.topics()) {
        out.add("topic:" + topic + ":literal:Write");
        out.add("topic:" + topic + ":literal:Describe");
      }
    }
    String streams = p.getProperty("quarkus.kafka-streams.application-id");
    if (streams != null) {
      for (String topic : p.getProperty("quarkus.kafka-streams.topics").split(",")) {
        out.add("topic:" + topic.trim() + ":literal:Read");
        out.add("topic:" + topic.trim() + ":literal:Describe");
      }
      out.add("group:" + streams + ":literal:Read");
      out.add("topic:" + streams + "-:prefix:All"); // its repartition and changelog topics
      out.add("transactionalId:" + streams + "-:prefix:Write"); // exactly once
      out.add("transactionalId:" + streams + "-:prefix:Describe");
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static Set<String> granted(GenericKubernetesResource user) {
    Map<String, Object> spec = (Map<String, Object>) user.getAdditionalProperties().get("spec");
    assertThat((Map<String, Object>) spec.get("authentication"))
        .containsEntry("type", "scram-sha-512");
    Map<String, Object> authz = (Map<String, Object>) spec.get("authorization");
    assertThat(authz).containsEntry("type", "simple");
    Set<String> out = new TreeSet<>();
    for (Map<String, Object> acl : (List<Map<String, Object>>) authz.get("acls")) {
      Map<String, Object> r = (Map<String, Object>) acl.get("resource");
      for (Object op : (List<Object>) acl.get("operations")) {
        out.add(r.get("type") + ":" + r.get("name") + ":" + r.get("patternType") + ":" + op);
      }
    }
    return out;
  }

  @Test
  void everyServiceConnectsAsItsOwnUserWithExactlyTheAclsItNeeds() throws Exception {
    List<HasMetadata> objects = build("prod");
    List<GenericKubernetesResource> users = kind(objects, "KafkaUser");
    String cluster =
        kind(objects, "KafkaTopic").get(0).getMetadata().getLabels().get("strimzi.io/cluster");
    Set<String> withKafka = new TreeSet<>();
    for (ServiceSpec s : ServiceSpec.ALL) {
      Set<String> needed = needed(s);
      if (needed.isEmpty()) {
        assertThat(users).as(s.name()).noneMatch(u -> u.getMetadata().getName().equals(s.name()));
        continue;
      }
      withKafka.add(s.name());
      GenericKubernetesResource user =
          users.stream()
              .filter(u -> u.getMetadata().getName().equals(s.name()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no KafkaUser " + s.name()));
      assertThat(user.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", cluster);
      assertThat(granted(user)).as(s.name()).isEqualTo(needed);

      // and the service presents that user's credentials, over TLS
      Deployment d = named(objects, Deployment.class, s.name());
      String prefix =
          props(s).getProperty("quarkus.kafka-streams.application-id") != null
              ? "QUARKUS_KAFKA_STREAMS_"
              : "KAFKA_";
      List<EnvVar> env = container(d).getEnv();
      assertThat(env)
          .as(s.name())
          .anyMatch(
              v ->
                  v.getName().equals(prefix + "SASL_JAAS_CONFIG")
                      && v.getValueFrom().getSecretKeyRef().getName().equals(s.name()))
          .anyMatch(
              v ->
                  v.getName().equals(prefix + "SECURITY_PROTOCOL")
                      && "SASL_SSL".equals(v.getValue()))
          .anyMatch(
              v ->
                  v.getName().equals(prefix + "SASL_MECHANISM")
                      && "SCRAM-SHA-512".equals(v.getValue()));
    }
    assertThat(users.stream().map(u -> u.getMetadata().getName()))
        .containsExactlyInAnyOrderElementsOf(withKafka);
    // nobody but the indexer may write the chain's topics
    for (GenericKubernetesResource u : users) {
      if (!u.getMetadata().getName().equals("chain-indexer")) {
        assertThat(granted(u))
            .as(u.getMetadata().getName())
            .noneMatch(a -> a.startsWith("topic:soa.chain.") && a.endsWith(":Write"));
      }
    }
  }
}
