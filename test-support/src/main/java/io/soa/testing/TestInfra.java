package io.soa.testing;

import io.soa.devchain.Processes;
import io.soa.devstack.infra.KafkaBroker;
import io.soa.devstack.infra.Postgres;
import io.soa.events.Topics;
import java.nio.file.Path;

/**
 * The infrastructure tests share within one JVM: PostgreSQL (see {@link Postgres#ensure}) and a
 * Kafka broker, the one in {@code KAFKA_BOOTSTRAP_SERVERS} (./soa test starts one for the whole
 * build) or else a broker started here for this JVM and stopped when it exits.
 */
public final class TestInfra {
  private static Postgres postgres;
  private static String kafka;

  private TestInfra() {}

  public static synchronized Postgres postgres() {
    if (postgres == null) {
      postgres = Postgres.ensure(Path.of("target", "test-postgres").toAbsolutePath());
      Postgres pg = postgres;
      Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "test-postgres-stop"));
    }
    return postgres;
  }

  public static synchronized String kafkaBootstrap() {
    if (kafka == null) {
      String env = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
      if (env != null && !env.isBlank()) {
        kafka = env;
      } else {
        Path dir = Path.of("target", "test-kafka").toAbsolutePath();
        KafkaBroker broker =
            KafkaBroker.start(
                Processes.freePort(),
                Processes.freePort(),
                dir,
                dir.resolveSibling("test-kafka.log"));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-kafka-stop"));
        kafka = broker.bootstrap();
      }
      KafkaBroker.createTopics(kafka, Topics.ALL);
    }
    return kafka;
  }
}
