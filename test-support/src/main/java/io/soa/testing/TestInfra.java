package io.soa.testing;

import io.soa.devchain.AnvilNode;
import io.soa.devchain.Processes;
import io.soa.devstack.infra.KafkaBroker;
import io.soa.devstack.infra.Postgres;
import io.soa.events.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The infrastructure tests share within one JVM: PostgreSQL, a Kafka broker, and anvil nodes. Where
 * a Docker engine answers they come from Testcontainers ({@link Containers}); where none does (as
 * on the machine this suite is developed on) from local processes: the PostgreSQL of {@link
 * Postgres#ensure}, the broker in {@code KAFKA_BOOTSTRAP_SERVERS} (./soa test starts one for the
 * whole build) or one started here, anvil from npm. {@code SOA_TEST_INFRA=local|containers} forces
 * one; each test JVM prints which it took.
 */
public final class TestInfra {
  /** Where the parts come from. */
  public enum Mode {
    CONTAINERS,
    LOCAL
  }

  /** A chain node for one test class. */
  public record Anvil(String rpcUrl, AutoCloseable stop) implements AutoCloseable {
    @Override
    public void close() {
      try {
        stop.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop anvil at " + rpcUrl, e);
      }
    }
  }

  private static Mode mode;
  private static Postgres postgres;
  private static String kafka;

  private TestInfra() {}

  /**
   * The choice, from {@code SOA_TEST_INFRA} and whether a Docker engine answers: containers when
   * one does, unless told {@code local}; told {@code containers} without one is an error.
   */
  static Mode decide(Map<String, String> env, java.util.function.BooleanSupplier dockerAnswers) {
    String asked = env.getOrDefault("SOA_TEST_INFRA", "auto");
    return switch (asked) {
      case "local" -> Mode.LOCAL;
      case "containers" -> {
        if (!dockerAnswers.getAsBoolean()) {
          throw new IllegalStateException(
              "SOA_TEST_INFRA=containers, but no Docker engine answers (DOCKER_HOST or"
                  + " /var/run/docker.sock)");
        }
        yield Mode.CONTAINERS;
      }
      case "auto" -> dockerAnswers.getAsBoolean() ? Mode.CONTAINERS : Mode.LOCAL;
      default ->
          throw new IllegalArgumentException(
              "SOA_TEST_INFRA is local, containers or auto, not " + asked);
    };
  }

  public static synchronized Mode mode() {
    if (mode == null) {
      mode = decide(System.getenv(), TestInfra::dockerAnswers);
      System.out.println(
          mode == Mode.CONTAINERS
              ? "SOA test infrastructure: Testcontainers ("
                  + Containers.POSTGRES
                  + ", "
                  + Containers.KAFKA
                  + ", "
                  + Containers.ANVIL
                  + ")"
              : "SOA test infrastructure: local processes (no Docker engine answers, or"
                  + " SOA_TEST_INFRA=local)");
    }
    return mode;
  }

  /** Asks Testcontainers only where an engine may be: it logs errors at length when none is. */
  private static boolean dockerAnswers() {
    boolean maybe =
        System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
    return maybe && Containers.dockerAvailable();
  }

  public static synchronized Postgres postgres() {
    if (postgres == null) {
      if (mode() == Mode.CONTAINERS) {
        postgres = Containers.postgres();
      } else {
        postgres = Postgres.ensure(Path.of("target", "test-postgres").toAbsolutePath());
        Postgres pg = postgres;
        Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "test-postgres-stop"));
      }
    }
    return postgres;
  }

  public static synchronized String kafkaBootstrap() {
    if (kafka == null) {
      String env = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
      if (mode() == Mode.CONTAINERS) {
        kafka = Containers.kafka();
      } else if (env != null && !env.isBlank()) {
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

  /** A fresh chain (chain id 31337, automine) for one test class; close it after. */
  public static Anvil anvil() {
    if (mode() == Mode.CONTAINERS) {
      return Containers.anvil();
    }
    AnvilNode node = AnvilNode.startOnFreePort();
    return new Anvil(node.rpcUrl(), node::close);
  }
}
