package io.soa.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.soa.devchain.AnvilNode;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.RepoRoot;
import io.soa.devchain.deploy.Deployer;
import io.soa.devchain.deploy.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine or cluster runs here, so docker-compose.yml and k8s/ are checked by reading
 * them: every service with its port, database and probes, and the contract addresses they name
 * equal to what a deployment to a fresh anvil really yields.
 */
class DeploymentFilesTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Path ROOT = RepoRoot.find();

  @Test
  void composeRunsEveryServiceOnItsPortWithItsDatabaseAndTheRealAddresses() throws Exception {
    // SnakeYAML resolves the anchors and merge keys (<<: *env) that Jackson's reader keeps as is
    JsonNode compose =
        new ObjectMapper()
            .valueToTree(
                new org.yaml.snakeyaml.Yaml()
                    .load(Files.readString(ROOT.resolve("docker-compose.yml"))));
    Deployment fresh;
    try (AnvilNode anvil = AnvilNode.startOnFreePort()) {
      fresh = Deployer.deploy(anvil.rpcUrl(), DevAccounts.deployer());
    }
    for (ServiceSpec s : ServiceSpec.ALL) {
      JsonNode svc = compose.path("services").path(s.name());
      assertThat(svc.isMissingNode()).as(s.name()).isFalse();
      assertThat(svc.path("ports").get(0).asText()).isEqualTo(s.port() + ":" + s.port());
      assertThat(svc.path("build").path("args").path("MODULE").asText()).isEqualTo(s.name());
      JsonNode env = svc.path("environment");
      assertThat(svc.path("healthcheck").path("test").toString())
          .contains("localhost:" + s.port() + "/q/health/ready");
      if (s.database() == null) {
        assertThat(env.isMissingNode())
            .as(s.name() + " keeps no state and needs no chain")
            .isTrue();
        continue; // the example model
      }
      assertThat(env.path("QUARKUS_DATASOURCE_JDBC_URL").asText()).endsWith("/" + s.database());
      for (var c : fresh.contracts().entrySet()) {
        assertThat(env.path(Deployment.envVar(c.getKey())).asText())
            .as(s.name() + " " + c.getKey())
            .isEqualTo(c.getValue());
      }
    }
  }

  @Test
  void kubernetesBaseHasProbesLabelsAndLimitsForEveryService() throws Exception {
    Map<String, JsonNode> deployments = new HashMap<>();
    Map<String, JsonNode> services = new HashMap<>();
    for (ServiceSpec s : ServiceSpec.ALL) {
      String text = Files.readString(ROOT.resolve("k8s/base/" + s.name() + ".yaml"));
      for (String doc : text.split("(?m)^---$")) {
        JsonNode n = YAML.readTree(doc);
        (n.path("kind").asText().equals("Deployment") ? deployments : services).put(s.name(), n);
      }
      JsonNode d = deployments.get(s.name());
      JsonNode c = d.path("spec").path("template").path("spec").path("containers").get(0);
      assertThat(d.path("metadata").path("labels").path("app.kubernetes.io/name").asText())
          .isEqualTo(s.name());
      assertThat(c.path("ports").get(0).path("containerPort").asInt()).isEqualTo(s.port());
      assertThat(c.path("readinessProbe").path("httpGet").path("path").asText())
          .isEqualTo("/q/health/ready");
      assertThat(c.path("livenessProbe").path("httpGet").path("path").asText())
          .isEqualTo("/q/health/live");
      assertThat(c.path("startupProbe").path("httpGet").path("path").asText())
          .isEqualTo("/q/health/started");
      assertThat(c.path("resources").path("limits").path("memory").asText()).isNotEmpty();
      if (s.database() != null) {
        assertThat(c.toString()).contains(s.database());
      }
      assertThat(services.get(s.name()).path("spec").path("ports").get(0).path("port").asInt())
          .isEqualTo(s.port());
    }
    JsonNode kustomization = YAML.readTree(ROOT.resolve("k8s/base/kustomization.yaml").toFile());
    for (ServiceSpec s : ServiceSpec.ALL) {
      assertThat(kustomization.path("resources").toString()).contains(s.name() + ".yaml");
    }
    // active/standby: two replicas, one leading (advisory lock), the other ready to take over
    assertThat(deployments.get("chain-indexer").path("spec").path("replicas").asInt()).isEqualTo(2);
  }
}
