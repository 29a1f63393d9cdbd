package io.soa.devstack.infra;

import io.soa.devchain.AnvilNode;
import io.soa.devchain.Processes;
import io.soa.events.Topics;
import java.nio.file.Path;
import java.util.List;

/**
 * PostgreSQL (the local server, or one embedded under {@code dir}), a Kafka broker of its own on
 * free ports with every topic of the suite, and optionally anvil: what {@code ./soa test}, the
 * chaos runs and the benches start before anything else. Closing stops what it started, last first.
 */
public final class LocalInfra implements AutoCloseable {
  private final Postgres postgres;
  private final KafkaBroker kafka;
  private final AnvilNode anvil;

  private LocalInfra(Postgres postgres, KafkaBroker kafka, AnvilNode anvil) {
    this.postgres = postgres;
    this.kafka = kafka;
    this.anvil = anvil;
  }

  /** PostgreSQL and a broker; the broker's data under {@code dir}, its log at {@code kafkaLog}. */
  public static LocalInfra start(Path dir, Path kafkaLog) {
    return start(dir, kafkaLog, null);
  }

  /** The same with anvil on a free port, started with {@code anvilArgs}. */
  public static LocalInfra withAnvil(Path dir, List<String> anvilArgs) {
    return start(dir, dir.resolve("kafka.log"), anvilArgs);
  }

  private static LocalInfra start(Path dir, Path kafkaLog, List<String> anvilArgs) {
    Postgres pg = Postgres.ensure(dir.resolve("postgres"));
    KafkaBroker kafka = null;
    try {
      kafka =
          KafkaBroker.start(
              Processes.freePort(), Processes.freePort(), dir.resolve("kafka"), kafkaLog);
      KafkaBroker.createTopics(kafka.bootstrap(), Topics.ALL);
      AnvilNode anvil =
          anvilArgs == null
              ? null
              : AnvilNode.start(Processes.freePort(), dir.resolve("anvil.log"), anvilArgs);
      return new LocalInfra(pg, kafka, anvil);
    } catch (RuntimeException e) {
      if (kafka != null) {
        kafka.close();
      }
      pg.close();
      throw e;
    }
  }

  public Postgres postgres() {
    return postgres;
  }

  public String kafkaBootstrap() {
    return kafka.bootstrap();
  }

  /** The broker's process id (a bench reads its CPU time). */
  public long kafkaPid() {
    return kafka.pid();
  }

  /** Anvil, or null when it was not asked for. */
  public AnvilNode anvil() {
    return anvil;
  }

  @Override
  public void close() {
    try {
      if (anvil != null) {
        anvil.close();
      }
    } finally {
      try {
        kafka.close();
      } finally {
        postgres.close();
      }
    }
  }
}
