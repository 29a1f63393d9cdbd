package io.soa.devstack;

import io.soa.devstack.infra.LocalInfra;
import io.soa.devstack.infra.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./soa test}: a Kafka broker and PostgreSQL for the whole build, then {@code ./mvnw verify}
 * with them; {@code --chaos} runs only the crash-and-reorg level.
 */
final class TestCommand {
  private final Path root;
  private final Path state;
  private final Path logs;

  TestCommand(Path root, Path state, Path logs) {
    this.root = root;
    this.state = state;
    this.logs = logs;
  }

  /**
   * The crash-and-reorg level: only e2e's chaos tests (they start stacks of their own and kill
   * their processes), with what they need built on the way and no other test run.
   */
  static final List<String> CHAOS =
      List.of(
          "-pl",
          "e2e",
          "-am",
          "-Dsoa.chaos=true",
          // kills under load: the services as deployed (C2), not the stories' C1-only JIT
          "-De2e.service.jvm.args=",
          "-Dit.test=IndexerRestartIT,PaymentsRestartIT,SuiteChaosIT",
          "-Dtest=none",
          "-Dsurefire.failIfNoSpecifiedTests=false",
          "-Dfailsafe.failIfNoSpecifiedTests=false");

  int run(List<String> args) throws Exception {
    List<String> mavenArgs = new ArrayList<>(args);
    if (mavenArgs.remove("--chaos")) {
      mavenArgs.addAll(0, CHAOS);
    }
    Files.createDirectories(logs);
    Path testState = state.resolve("test");
    long t0 = System.nanoTime();
    try (LocalInfra infra = LocalInfra.start(testState, logs.resolve("test-kafka.log"))) {
      Postgres pg = infra.postgres();
      String bootstrap = infra.kafkaBootstrap();
      System.out.printf(
          "test infrastructure: PostgreSQL %s:%d%s, Kafka %s%n",
          pg.host(), pg.port(), pg.embedded() ? " (embedded)" : "", bootstrap);
      List<String> cmd =
          new ArrayList<>(
              List.of(root.resolve("mvnw").toString(), "-B", "--no-transfer-progress", "verify"));
      cmd.addAll(mavenArgs);
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).inheritIO();
      pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
      pb.environment().put("SOA_PG_HOST", pg.host());
      pb.environment().put("SOA_PG_PORT", Integer.toString(pg.port()));
      pb.environment().put("SOA_PG_USER", pg.user());
      pb.environment().put("SOA_PG_PASSWORD", pg.password());
      pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
      Process mvn = pb.start();
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> mvn.descendants().forEach(ProcessHandle::destroy)));
      int code = mvn.waitFor();
      System.out.printf(
          "%n./soa test: %s in %.0f s%n",
          code == 0 ? "PASSED" : "FAILED (exit " + code + ")", (System.nanoTime() - t0) / 1e9);
      return code;
    }
  }
}
