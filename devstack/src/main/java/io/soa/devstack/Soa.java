package io.soa.devstack;

import io.soa.devchain.Processes;
import io.soa.devchain.RepoRoot;
import io.soa.devchain.deploy.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The launcher behind {@code ./soa}: {@code up} starts the whole suite on this machine without
 * Docker, {@code down} stops it, {@code test} runs the test suite against shared infrastructure,
 * {@code status} shows what runs.
 */
public final class Soa {
  static final int ANVIL_PORT = 8545;
  static final int KAFKA_PORT = 9092;
  static final int KAFKA_CONTROLLER_PORT = 9093;

  private final Path root = RepoRoot.find();
  private final Path state = root.resolve(".soa");
  private final Path logs = state.resolve("logs");
  private final Path pidFile = state.resolve("soa.pid");
  private final Path childrenFile = state.resolve("children.pids");
  private final List<AutoCloseable> running = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    String cmd = args.length == 0 ? "help" : args[0];
    Soa soa = new Soa();
    int code =
        switch (cmd) {
          case "up" -> soa.up();
          case "down" -> soa.down();
          case "test" ->
              new TestCommand(soa.root, soa.state, soa.logs)
                  .run(List.of(args).subList(1, args.length));
          case "status" -> soa.status();
          case "deploy" -> soa.deploy(args);
          case "token" -> soa.token(args);
          case "keys" -> soa.keys(args);
          case "faucet" -> soa.faucet(args);
          default -> {
            System.out.println(
                """
            usage: ./soa <command>
              up       build what is missing and start the whole suite (Ctrl-C stops it)
              down     stop a running './soa up'
              status   show what runs and where
              test     the test suite: unit, service and story tests (extra args go to ./mvnw verify)
              test --chaos  the crash and reorg tests of the packaged suite (kill -9, failover,
                       every fault at once), which CI runs after 'test'
              build    rebuild everything, skipping tests (./soa up only builds what is missing)
              token A  print a bearer token (valid 1 h) for address A, signed with .soa/keys
              keys [D] make the local signing key pair in D (default .soa/keys) if absent
              faucet A N  mint N base units of $SOA to address A on the local chain (anvil's
                       dev account 0 deployed it: local chains only)
              demo     the whole story against a running './soa up', reconciled to the wei
              bench X  run benchmark X (contracts, indexer, catalog, payments, access, soak); results in .soa/bench/X.json
              chaos indexer  kill -9 and reorg the indexer under load, then audit its topics
              chaos payments kill -9 a payment-service replica during charges and settlement,
                             then audit the ledger and the chain
              chaos suite    the demo's story as load while every kind of fault strikes (kill -9
                             of each service, Kafka crash, dropped database connections, reorgs,
                             a stalled RPC node), then audit topics, ledgers and read models""");
            yield "help".equals(cmd) ? 0 : 2;
          }
        };
    System.exit(code);
  }

  // ---------------------------------------------------------------- token

  /** A bearer token for the local stack: services verify it against .soa/keys/jwt-public.pem. */
  int token(String[] args) {
    if (args.length != 2 || !args[1].matches("^0x[0-9a-fA-F]{40}$")) {
      System.err.println(
          "usage: ./soa token 0x<40 hex digits>   (the address the token speaks for)");
      return 2;
    }
    System.out.println(
        io.soa.devstack.auth.DevTokens.loadOrCreate(state.resolve("keys"))
            .token(args[1].toLowerCase(java.util.Locale.ROOT)));
    return 0;
  }

  /**
   * Makes the local signing key pair and the gateway's signing key (docker compose's deployer job
   * runs this).
   */
  int keys(String[] args) {
    Path dir = args.length > 1 ? Path.of(args[1]) : state.resolve("keys");
    io.soa.devstack.auth.DevTokens.loadOrCreate(dir);
    io.soa.devstack.auth.DevTokens.gatewaySigningKey(dir);
    System.out.println(dir.resolve("jwt-public.pem"));
    return 0;
  }

  // ---------------------------------------------------------------- faucet

  /** $SOA for a wallet on the running local stack, minted by its deployer (dev account 0). */
  int faucet(String[] args) throws Exception {
    if (args.length != 3
        || !args[1].matches("^0x[0-9a-fA-F]{40}$")
        || !args[2].matches("^[1-9][0-9]{0,40}$")) {
      System.err.println("usage: ./soa faucet 0x<address> <base units>   (local chains only)");
      return 2;
    }
    Path dep = state.resolve("deployment.json");
    if (!Files.isRegularFile(dep)) {
      System.err.println("soa: no local stack: run ./soa up first");
      return 1;
    }
    Deployment d = Deployment.read(dep);
    var web3j = io.soa.devchain.Chain.connect(d.rpcUrl());
    try {
      io.soa.devchain.Chain.load(
              io.soa.contracts.generated.SOAToken.class,
              d.address("SOAToken"),
              web3j,
              io.soa.devchain.DevAccounts.deployer())
          .mint(args[1], new java.math.BigInteger(args[2]))
          .send();
    } finally {
      web3j.shutdown();
    }
    System.out.println(args[2] + " base units of $SOA minted to " + args[1]);
    return 0;
  }

  // ---------------------------------------------------------------- up

  int up() throws Exception {
    Optional<ProcessHandle> other = runningUp();
    if (other.isPresent()) {
      System.err.println(
          "SOA is already running (pid "
              + other.get().pid()
              + "); see './soa status', or stop it with './soa down'.");
      return 1;
    }
    List<String> busy = new ArrayList<>();
    for (int p : List.of(ANVIL_PORT, KAFKA_PORT, KAFKA_CONTROLLER_PORT, 8081, 8082, 8083, 8084)) {
      if (Processes.portOpen(p)) {
        busy.add(Integer.toString(p));
      }
    }
    if (!busy.isEmpty()) {
      System.err.println(
          "cannot start: port(s) "
              + String.join(", ", busy)
              + " already in use by another program. Stop it and retry.");
      return 1;
    }
    Files.createDirectories(logs);
    Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));
    Files.deleteIfExists(childrenFile);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopAll();
                  stopped.countDown();
                },
                "soa-down"));

    long t0 = System.nanoTime();
    Stack stack;
    try {
      System.out.println("starting SOA (logs in " + logs + ")");
      stack =
          Stack.start(
              StackOptions.fixed(root),
              step -> System.out.println("  " + step),
              pid -> {
                try {
                  recordChild(pid);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      running.add(stack);
    } catch (RuntimeException | Error e) {
      System.err.println("\nstart failed: " + e.getMessage() + " (logs in " + logs + ")");
      return 1; // System.exit runs the shutdown hook
    }
    Deployment d = stack.deployment();
    System.out.printf("%nSOA is up in %.1f s:%n", (System.nanoTime() - t0) / 1e9);
    stack
        .urls()
        .forEach(
            (name, url) ->
                System.out.printf(
                    "  %-18s %s  (health %s/q/health, API %s/q/openapi, metrics %s)%n",
                    name, url, url, url, stack.metricsUrl(name)));
    String analytics = stack.urls().get(ServiceSpec.ANALYTICS);
    if (analytics != null) {
      System.out.printf(
          "  %-18s %s/  (live revenue, calls, sales, settlement)%n", "dashboard", analytics);
    }
    System.out.printf("  %-18s %s (chain id %d)%n", "anvil", d.rpcUrl(), d.chainId());
    System.out.printf("  %-18s %s%n", "kafka", stack.kafkaBootstrap());
    System.out.printf(
        "  %-18s %s:%d%n", "postgresql", stack.postgres().host(), stack.postgres().port());
    System.out.printf("  %-18s %s%n", "deployment", state.resolve("deployment.json"));
    System.out.printf("  %-18s %s%n", "logs", logs);
    System.out.println("\nCtrl-C or './soa down' stops everything.");
    stopped.await();
    return 0;
  }

  private synchronized void stopAll() {
    if (running.isEmpty()) {
      return;
    }
    System.out.println("\nstopping SOA ...");
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).close();
      } catch (Exception e) {
        System.err.println("  while stopping: " + e.getMessage());
      }
    }
    running.clear();
    try {
      Files.deleteIfExists(pidFile);
      Files.deleteIfExists(childrenFile);
    } catch (IOException e) {
      // best effort
    }
    System.out.println("stopped.");
  }

  private void recordChild(long pid) throws IOException {
    Files.writeString(
        childrenFile,
        pid + "\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  private Optional<ProcessHandle> runningUp() {
    try {
      if (!Files.isRegularFile(pidFile)) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(true));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  // ---------------------------------------------------------------- down

  int down() throws IOException {
    Optional<ProcessHandle> up = runningUp();
    boolean any = false;
    if (up.isPresent()) {
      System.out.println("stopping './soa up' (pid " + up.get().pid() + ") ...");
      Processes.stop(up.get(), Duration.ofSeconds(60));
      any = true;
    }
    // Children left behind by an 'up' that was killed outright.
    if (Files.isRegularFile(childrenFile)) {
      for (String line : Files.readAllLines(childrenFile)) {
        if (!line.isBlank()) {
          Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(line.trim()));
          if (h.isPresent() && h.get().isAlive()) {
            Processes.stop(h.get(), Duration.ofSeconds(15));
            any = true;
          }
        }
      }
      Files.deleteIfExists(childrenFile);
    }
    Files.deleteIfExists(pidFile);
    System.out.println(any ? "SOA is down." : "SOA is not running.");
    return 0;
  }

  // ---------------------------------------------------------------- status

  int status() {
    Optional<ProcessHandle> up = runningUp();
    if (up.isEmpty()) {
      System.out.println("SOA is not running (start it with './soa up').");
      return 3;
    }
    System.out.println("SOA is running (pid " + up.get().pid() + ")");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    for (ServiceSpec s : ServiceSpec.ALL) {
      String health;
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(s.url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        health = r.statusCode() == 200 ? "UP" : "DOWN (" + r.statusCode() + ")";
      } catch (Exception e) {
        health = "unreachable";
      }
      System.out.printf("  %-18s %s  %s%n", s.name(), s.url(), health);
    }
    Path dep = state.resolve("deployment.json");
    if (Files.isRegularFile(dep)) {
      Deployment d = Deployment.read(dep);
      System.out.printf("  chain %d at %s; contracts %s%n", d.chainId(), d.rpcUrl(), d.contracts());
    }
    return 0;
  }

  // ---------------------------------------------------------------- deploy

  /** Deploys the contract set to a fresh local chain (docker-compose's deployer job). */
  int deploy(String[] args) {
    if (args.length < 2) {
      System.err.println(
          "usage: soa deploy <rpc-url>   (local dev chains only: uses anvil's dev account 0)");
      return 2;
    }
    Deployment d =
        io.soa.devchain.deploy.Deployer.deploy(args[1], io.soa.devchain.DevAccounts.deployer());
    d.contracts()
        .forEach((name, address) -> System.out.println(Deployment.envVar(name) + "=" + address));
    return 0;
  }
}
