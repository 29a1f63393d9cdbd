package io.soa.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.soa.devchain.AnvilNode;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.RepoRoot;
import io.soa.devchain.deploy.Deployer;
import io.soa.devchain.deploy.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs here, so docker-compose.yml is checked by reading it: every service with
 * its port, database and health check, and the contract addresses it names equal to what a
 * deployment to a fresh anvil really yields (k8s/ is checked by the k8s module's ManifestsTest).
 */
class DeploymentFilesTest {
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
      if (s.name().equals(ServiceSpec.ANALYTICS)) { // Kafka only: no database, no chain
        assertThat(env.path("KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:9092");
        assertThat(env.size()).isEqualTo(1);
        continue;
      }
      if (s.database() == null) { // the example model: no state, no chain, the gateway's keys
        assertThat(env.size()).as(s.name() + " keeps no state and needs no chain").isEqualTo(1);
        assertThat(env.path("SOA_MODEL_GATEWAY_JWKS_URL").asText())
            .isEqualTo("http://licensing-service:8082/.well-known/jwks.json");
        continue;
      }
      assertThat(env.path("QUARKUS_DATASOURCE_JDBC_URL").asText()).endsWith("/" + s.database());
      for (var c : fresh.contracts().entrySet()) {
        assertThat(env.path(Deployment.envVar(c.getKey())).asText())
            .as(s.name() + " " + c.getKey())
            .isEqualTo(c.getValue());
      }
    }
  }
}
