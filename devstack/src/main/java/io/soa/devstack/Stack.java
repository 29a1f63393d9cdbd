package io.soa.devstack;

import io.soa.devchain.AnvilNode;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.deploy.Deployer;
import io.soa.devchain.deploy.Deployment;
import io.soa.devstack.infra.KafkaBroker;
import io.soa.devstack.infra.Postgres;
import io.soa.events.Topics;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole suite on one machine: PostgreSQL, Kafka, anvil with the contracts deployed, and the
 * four packaged services. {@code ./soa up} runs it on the fixed ports; the end-to-end tests run it
 * on free ports. Closing it stops everything it started, in reverse order.
 */
public final class Stack implements AutoCloseable {

  private final StackOptions options;
  private final List<AutoCloseable> running = new ArrayList<>();
  private final Map<String, Long> pids = new java.util.LinkedHashMap<>();
  private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> envs = new LinkedHashMap<>();
  private Postgres postgres;
  private String kafkaBootstrap;
  private KafkaBroker kafka; // null on a broker the stack did not start
  private Deployment deployment;
  private io.soa.devstack.auth.DevTokens tokens;
  private final Map<String, String> urls = new LinkedHashMap<>();

  private Stack(StackOptions options) {
    this.options = options;
  }

  /**
   * Starts everything; {@code progress} hears each step and {@code onChild} each child pid (so
   * {@code ./soa down} can find them). On failure, what started is stopped again.
   */
  public static Stack start(StackOptions o, Consumer<String> progress, Consumer<Long> onChild) {
    Stack s = new Stack(o);
    try {
      s.doStart(progress, onChild);
      return s;
    } catch (RuntimeException | Error e) {
      s.close();
      throw e;
    }
  }

  private void doStart(Consumer<String> progress, Consumer<Long> onChild) {
    try {
      Files.createDirectories(options.logDir());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    postgres = Postgres.ensure(options.stateDir().resolve("postgres"));
    running.add(postgres);
    for (ServiceSpec s : ServiceSpec.ALL) {
      // The chain starts empty on every start, so every read model starts empty too.
      if (s.database() != null) {
        postgres.recreateDatabase(database(s));
      }
    }
    progress.accept(
        "PostgreSQL "
            + (postgres.embedded()
                ? "embedded on port " + postgres.port()
                : "server at " + postgres.host() + ":" + postgres.port()));

    if (options.kafkaBootstrap() != null) {
      kafkaBootstrap = options.kafkaBootstrap();
    } else {
      kafka =
          KafkaBroker.start(
              options.kafkaPort(),
              options.kafkaControllerPort(),
              options.stateDir().resolve("kafka"),
              options.logDir().resolve("kafka.log"));
      running.add(kafka);
      onChild.accept(kafka.pid());
      kafkaBootstrap = kafka.bootstrap();
    }
    KafkaBroker.createTopics(kafkaBootstrap, Topics.ALL);
    progress.accept("Kafka " + kafkaBootstrap + " with " + Topics.ALL.size() + " topics");

    AnvilNode anvil =
        AnvilNode.start(options.anvilPort(), options.logDir().resolve("anvil.log"), List.of());
    running.add(anvil);
    onChild.accept(anvil.pid());
    progress.accept("anvil " + anvil.rpcUrl() + " (chain id " + AnvilNode.CHAIN_ID + ")");

    deployment =
        Deployer.withKafka(Deployer.deploy(anvil.rpcUrl(), DevAccounts.deployer()), kafkaBootstrap);
    deployment.write(options.stateDir().resolve("deployment.json"));
    progress.accept("contracts deployed: " + deployment.contracts());

    // The platform's signing key for this stack (made once, kept in the state directory):
    // services verify bearer tokens against its public half; ./soa token signs with it.
    tokens = io.soa.devstack.auth.DevTokens.loadOrCreate(options.stateDir().resolve("keys"));
    List<ServiceProcess> services = new ArrayList<>();
    String servicesRpc = options.servicesRpc().apply(deployment.rpcUrl());
    for (ServiceSpec s : ServiceSpec.ALL) {
      if (!options.servicePorts().containsKey(s.name())) {
        continue; // left out (StackOptions.without)
      }
      int port = options.servicePorts().get(s.name());
      if (s.name().equals(ServiceSpec.ANALYTICS)) { // a fresh broker: its last locks are stale
        io.soa.devstack.infra.Dirs.deleteTree(ServiceEnv.streamsDir(options));
      }
      Map<String, String> env =
          ServiceEnv.of(
              s,
              port,
              options,
              s.database() == null ? Map.of() : postgres.quarkusEnv(database(s)),
              kafkaBootstrap,
              deployment,
              servicesRpc);
      envs.put(s.name(), env);
      ServiceProcess p =
          ServiceProcess.start(
              s, port, options.root(), env, options.logDir().resolve(s.name() + ".log"));
      services.add(p);
      running.add(p);
      onChild.accept(p.pid());
      urls.put(s.name(), p.url());
      pids.put(s.name(), p.pid());
      processes.put(s.name(), p);
    }
    for (ServiceProcess p : services) {
      p.awaitReady(Duration.ofSeconds(120));
    }
    progress.accept("services ready");
  }

  private String database(ServiceSpec s) {
    return options.databasePrefix() + s.database().substring("soa_".length());
  }

  /** Signs bearer tokens the stack's services accept. */
  public io.soa.devstack.auth.DevTokens tokens() {
    return tokens;
  }

  public Deployment deployment() {
    return deployment;
  }

  public String kafkaBootstrap() {
    return kafkaBootstrap;
  }

  public Postgres postgres() {
    return postgres;
  }

  /** Base URL of each service, by name. */
  public Map<String, String> urls() {
    return urls;
  }

  /** The process id of each service, by name (for benches that read its CPU time). */
  public Map<String, Long> pids() {
    return pids;
  }

  /**
   * SIGKILLs a service (no chance to clean up: a crash) and starts it again on the same port with
   * the same environment; returns when it is ready.
   */
  public synchronized void crashAndRestart(String service) {
    ServiceSpec spec =
        ServiceSpec.ALL.stream().filter(s -> s.name().equals(service)).findFirst().orElseThrow();
    ServiceProcess old = processes.get(service);
    old.kill();
    running.remove(old);
    ServiceProcess p =
        ServiceProcess.start(
            spec,
            options.servicePorts().get(service),
            options.root(),
            envs.get(service),
            options.logDir().resolve(service + ".log"));
    running.add(p);
    processes.put(service, p);
    pids.put(service, p.pid());
    p.awaitReady(Duration.ofSeconds(120));
  }

  /**
   * Starts one more replica of {@code service} on a free port, with the same environment and
   * database (replicas share their service's state); returns its base URL once it is ready. It
   * stops with the stack.
   */
  public synchronized String startReplica(String service) {
    ServiceSpec spec =
        ServiceSpec.ALL.stream().filter(s -> s.name().equals(service)).findFirst().orElseThrow();
    java.util.Set<Integer> taken = new java.util.HashSet<>();
    options.servicePorts().values().forEach(p -> taken.addAll(List.of(p, managementPort(p))));
    int port = StackOptions.servicePort(taken);
    Map<String, String> env = new HashMap<>(envs.get(service));
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort(port)));
    ServiceProcess p =
        ServiceProcess.start(
            spec,
            port,
            options.root(),
            env,
            options.logDir().resolve(service + "-" + port + ".log"));
    running.add(p);
    p.awaitReady(Duration.ofSeconds(120));
    return p.url();
  }

  /** SIGKILLs the stack's Kafka broker and starts it again on its storage (see KafkaBroker). */
  public void crashAndRestartKafka() {
    if (kafka == null) {
      throw new IllegalStateException("the stack runs on a broker it did not start");
    }
    kafka.crashAndRestart();
  }

  /**
   * Terminates every connection to the stack's databases, as a PostgreSQL restart does to its
   * clients (the server itself may be shared with other users here, so it is not restarted).
   *
   * @return how many connections were terminated
   */
  public int dropDatabaseConnections() {
    try (java.sql.Connection c = postgres.connect("postgres");
        java.sql.PreparedStatement st =
            c.prepareStatement(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname LIKE ? AND pid <> pg_backend_pid()")) {
      st.setString(1, options.databasePrefix() + "%");
      try (java.sql.ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("could not drop the database connections", e);
    }
  }

  /** The management port of a service on {@code port}: 1000 above it (8084 -> 9084). */
  public static int managementPort(int port) {
    return port + 1000;
  }

  /**
   * Where a service serves its metrics: its management interface (loopback only; the indexer's with
   * its operator commands), never its service port.
   */
  public String metricsUrl(String service) {
    String url = urls.get(service);
    boolean management =
        ServiceSpec.ALL.stream().anyMatch(s -> s.name().equals(service) && s.management());
    if (!management) {
      return url + "/q/metrics";
    }
    int port = java.net.URI.create(url).getPort();
    return "http://127.0.0.1:" + managementPort(port) + "/q/metrics";
  }

  /**
   * Stops the services together, then PostgreSQL, the broker and anvil together: one after the
   * other, seven graceful stops could outlast a test JVM's exit timeout, which then leaves the
   * broker and anvil running after the build.
   */
  @Override
  public void close() {
    int infra = Math.min(running.size(), kafka == null ? 2 : 3); // started first, stopped last
    closeAll(running.subList(infra, running.size()));
    closeAll(running.subList(0, infra));
    running.clear();
  }

  private static void closeAll(List<AutoCloseable> parts) {
    List<Thread> stopping = new ArrayList<>();
    for (AutoCloseable part : parts) {
      stopping.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      part.close();
                    } catch (Exception e) {
                      System.err.println("while stopping: " + e.getMessage());
                    }
                  }));
    }
    for (Thread t : stopping) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
