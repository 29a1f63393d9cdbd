package io.soa.devstack.infra;

import io.soa.devchain.Processes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A single-node KRaft Kafka broker (broker and controller in one process) run as a child JVM from
 * the Maven Central jars on devstack's classpath. Its storage is formatted fresh each start (and
 * kept by {@link #crashAndRestart}).
 */
public final class KafkaBroker implements AutoCloseable {
  private volatile Process process;
  private final int port;
  private final List<String> command;
  private final Path log;

  private KafkaBroker(Process process, int port, List<String> command, Path log) {
    this.process = process;
    this.port = port;
    this.command = command;
    this.log = log;
  }

  /**
   * Formats {@code dataDir} and starts the broker on {@code port} (controller on {@code
   * controllerPort}), logging to {@code log}.
   */
  public static KafkaBroker start(int port, int controllerPort, Path dataDir, Path log) {
    try {
      Dirs.deleteTree(dataDir);
      Files.createDirectories(dataDir);
      Files.createDirectories(log.toAbsolutePath().getParent());
      Path props = dataDir.resolve("server.properties");
      Files.writeString(props, serverProperties(port, controllerPort, dataDir.resolve("logs")));
      Path log4j = dataDir.resolve("log4j2.properties");
      try (InputStream in = KafkaBroker.class.getResourceAsStream("/kafka-log4j2.properties")) {
        Files.copy(in, log4j);
      }
      String cp = JavaProcesses.devstackClasspath();
      List<String> jvm =
          List.of(
              JavaProcesses.javaBinary(),
              "-Xms128m",
              "-Xmx512m",
              "-XX:+UseSerialGC",
              "-Dlog4j2.configurationFile=" + log4j.toUri(),
              "-Dkafka.logs.dir=" + dataDir.resolve("server-logs"),
              "-cp",
              cp);

      Process format =
          new ProcessBuilder(
                  concat(
                      jvm,
                      "kafka.tools.StorageTool",
                      "format",
                      "-t",
                      Uuid.randomUuid().toString(),
                      "-c",
                      props.toString()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      if (format.waitFor() != 0) {
        throw new IllegalStateException("formatting Kafka storage failed; see " + log);
      }
      List<String> command = concat(jvm, "kafka.Kafka", props.toString());
      KafkaBroker b = new KafkaBroker(launch(command, log), port, command, log);
      b.awaitUp();
      return b;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * SIGKILLs the broker (a crash: what it had not written to its log files is gone with it) and
   * starts it again on the same storage and ports; returns once it answers.
   */
  public synchronized void crashAndRestart() {
    process.destroyForcibly();
    try {
      process.waitFor();
      process = launch(command, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    awaitUp();
  }

  private static Process launch(List<String> command, Path log) throws IOException {
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private void awaitUp() {
    try {
      Processes.awaitPort(process, port, Duration.ofSeconds(60), "Kafka broker");
      awaitReady(Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      close();
      throw new IllegalStateException(e.getMessage() + "; see " + log, e);
    }
  }

  private static List<String> concat(List<String> a, String... b) {
    var l = new java.util.ArrayList<>(a);
    l.addAll(List.of(b));
    return l;
  }

  static String serverProperties(int port, int controllerPort, Path logDirs) {
    return String.join(
        "\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + logDirs,
        "num.partitions=3",
        "auto.create.topics.enable=true",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=3",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "group.initial.rebalance.delay.ms=0",
        "log.retention.hours=-1",
        "");
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try (Admin admin = admin(bootstrap())) {
        admin.describeCluster().nodes().get();
        return;
      } catch (Exception e) {
        last = new IllegalStateException(e);
        Processes.sleep(200);
      }
    }
    throw new IllegalStateException("Kafka did not become ready", last);
  }

  public String bootstrap() {
    return "127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  /** Creates each of {@code topics} (3 partitions, replication 1) unless it exists. */
  public static void createTopics(String bootstrap, Collection<String> topics) {
    try (Admin admin = admin(bootstrap)) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> fresh =
          topics.stream()
              .filter(t -> !existing.contains(t))
              .map(t -> new NewTopic(t, 3, (short) 1))
              .collect(Collectors.toList());
      try {
        admin.createTopics(fresh).all().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("creating topics failed", e.getCause());
    }
  }

  static Admin admin(String bootstrap) {
    Properties p = new Properties();
    p.putAll(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            5000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            10000));
    return Admin.create(p);
  }

  @Override
  public void close() {
    Processes.stop(process.toHandle(), Duration.ofSeconds(15));
  }
}
