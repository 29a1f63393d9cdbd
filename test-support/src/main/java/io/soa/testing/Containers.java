package io.soa.testing;

import io.soa.devchain.AnvilNode;
import io.soa.devstack.infra.Postgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The test infrastructure from Testcontainers, where a Docker engine answers: the images of
 * docker-compose.yml. Each container lives as long as the test JVM (Testcontainers' reaper removes
 * it after); anvil nodes as long as their test class.
 */
final class Containers {
  static final String POSTGRES = "postgres:16";
  static final String KAFKA = "apache/kafka:4.1.1";
  static final String ANVIL = "ghcr.io/foundry-rs/foundry:v1.3.5";

  private Containers() {}

  static boolean dockerAvailable() {
    return DockerClientFactory.instance().isDockerAvailable();
  }

  static Postgres postgres() {
    PostgreSQLContainer pg = new PostgreSQLContainer(POSTGRES);
    pg.start();
    return Postgres.at(pg.getHost(), pg.getMappedPort(5432), pg.getUsername(), pg.getPassword());
  }

  static String kafka() {
    KafkaContainer kafka = new KafkaContainer(KAFKA);
    kafka.start();
    return kafka.getBootstrapServers();
  }

  @SuppressWarnings("resource") // stopped by the returned handle
  static TestInfra.Anvil anvil() {
    GenericContainer<?> node =
        new GenericContainer<>(ANVIL)
            .withCreateContainerCmdModifier(
                c ->
                    c.withEntrypoint(
                        "anvil",
                        "--host",
                        "0.0.0.0",
                        "--chain-id",
                        Long.toString(AnvilNode.CHAIN_ID)))
            .withExposedPorts(8545)
            .waitingFor(Wait.forListeningPort());
    node.start();
    return new TestInfra.Anvil(
        "http://" + node.getHost() + ":" + node.getMappedPort(8545), node::stop);
  }
}
