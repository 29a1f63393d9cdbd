package io.soa.chaos;

import io.soa.contracts.generated.ModelRegistry;
import io.soa.devchain.AnvilNode;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.DevChain;
import io.soa.devchain.Processes;
import io.soa.devchain.RepoRoot;
import io.soa.devchain.deploy.Deployer;
import io.soa.devchain.deploy.Deployment;
import io.soa.devstack.ServiceProcess;
import io.soa.devstack.ServiceSpec;
import io.soa.devstack.infra.LocalInfra;
import io.soa.devstack.infra.Postgres;
import io.soa.testing.ChainAudit;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Runs the packaged chain-indexer as a process while a load thread makes events, SIGKILLs and
 * restarts it at random moments and makes random reorgs; then audits the topics against the
 * canonical chain. Starts with a backlog, so the backfill-to-live hand-over is crossed too. With
 * two replicas (active/standby on one database), each kill is of the one that leads, and the time
 * the other takes to lead is measured. Used by {@code ./soa chaos indexer} and, smaller, by the e2e
 * tests.
 */
public final class IndexerChaos {
  private IndexerChaos() {}

  /** What happened and what the audit found. */
  public record Result(
      int kills,
      int reorgs,
      int events,
      int lost,
      int duplicatesAfterDedupe,
      int diverged,
      ChainAudit.Report report,
      long longestHandoverMs) {}

  public static Result run(
      int kills, int reorgs, int backlog, long seed, Path dir, Consumer<String> log)
      throws Exception {
    return run(kills, reorgs, backlog, seed, dir, log, 1);
  }

  /** {@code replicas}: 1, or 2 for active/standby (the leader is the one killed). */
  public static Result run(
      int kills, int reorgs, int backlog, long seed, Path dir, Consumer<String> log, int replicas)
      throws Exception {
    Path root = RepoRoot.find();
    Files.createDirectories(dir);
    Random rnd = new Random(seed);
    try (LocalInfra infra = LocalInfra.withAnvil(dir, List.of())) {
      Postgres pg = infra.postgres();
      AnvilNode anvil = infra.anvil();
      String bootstrap = infra.kafkaBootstrap();
      pg.recreateDatabase("chaos_indexer");
      Deployment d = Deployer.deploy(anvil.rpcUrl(), DevAccounts.deployer());
      HttpService service = new HttpService(anvil.rpcUrl());
      Web3j web3j = Web3j.build(service);
      DevChain dev = new DevChain(service);

      AtomicInteger sent = new AtomicInteger();
      log.accept("backlog of " + backlog + " transactions before the indexer starts");
      Load load = new Load(web3j, d, sent);
      for (int i = 0; i < backlog; i++) {
        load.once(i);
      }

      int[] ports = new int[replicas];
      List<Map<String, String>> envs = new java.util.ArrayList<>();
      for (int k = 0; k < replicas; k++) {
        ports[k] = Processes.freePort();
        Map<String, String> env = new HashMap<>(pg.quarkusEnv("chaos_indexer"));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ports[k]));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(Processes.freePort()));
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("SOA_CHAIN_RPC_URL", anvil.rpcUrl());
        env.put("SOA_CHAIN_CHAIN_ID", Long.toString(d.chainId()));
        env.put("SOA_CHAIN_START_BLOCK", Long.toString(d.startBlock()));
        env.put("SOA_CHAIN_POLL_INTERVAL", "100ms");
        env.put("SOA_CHAIN_INITIAL_RANGE", "20");
        env.put("SOA_CHAIN_LEADER_RETRY", "250ms");
        d.contracts().forEach((name, a) -> env.put(Deployment.envVar(name), a));
        envs.add(env);
      }
      ServiceSpec spec =
          ServiceSpec.ALL.stream()
              .filter(s -> s.name().equals("chain-indexer"))
              .findFirst()
              .orElseThrow();
      ServiceProcess[] indexers = new ServiceProcess[replicas];
      for (int k = 0; k < replicas; k++) {
        indexers[k] =
            ServiceProcess.start(
                spec, ports[k], root, envs.get(k), dir.resolve("chain-indexer-" + k + ".log"));
      }
      for (ServiceProcess p : indexers) {
        p.awaitReady(Duration.ofSeconds(120));
      }
      HttpClient http = HttpClient.newHttpClient();
      long longestHandover = 0;

      AtomicBoolean loading = new AtomicBoolean(true);
      Thread loader =
          Thread.ofPlatform()
              .name("chaos-load")
              .start(
                  () -> {
                    int i = backlog;
                    while (loading.get()) {
                      load.once(i++);
                    }
                  });
      int doneKills = 0;
      int doneReorgs = 0;
      while (doneKills < kills || doneReorgs < reorgs) {
        Thread.sleep(200 + rnd.nextInt(1200));
        if (doneKills < kills && (doneReorgs >= reorgs || rnd.nextBoolean())) {
          int k = replicas == 1 ? 0 : leader(http, ports);
          long killedAt = System.nanoTime();
          indexers[k].kill();
          doneKills++;
          if (replicas > 1) { // the other takes over while this one is still down
            int other = (k + 1) % replicas;
            while (!leads(http, ports[other])) {
              if (System.nanoTime() - killedAt > Duration.ofSeconds(60).toNanos()) {
                throw new IllegalStateException("no replica took over within 60 s");
              }
              Thread.sleep(20);
            }
            long ms = (System.nanoTime() - killedAt) / 1_000_000;
            longestHandover = Math.max(longestHandover, ms);
            log.accept("replica " + other + " leads " + ms + " ms after the leader was killed");
          }
          indexers[k] =
              ServiceProcess.start(
                  spec, ports[k], root, envs.get(k), dir.resolve("chain-indexer-" + k + ".log"));
          indexers[k].awaitReady(Duration.ofSeconds(120));
        } else {
          int depth = 1 + rnd.nextInt(6);
          // Not while a transaction is being mined: anvil then leaves holes in its block store
          // (blocks that answer null below the head), which no real node does.
          synchronized (load) {
            if (dev.blockNumber().longValueExact() > depth + d.startBlock() + 2) {
              dev.reorg(depth, List.of());
              doneReorgs++;
            }
          }
        }
        log.accept(
            "kills "
                + doneKills
                + "/"
                + kills
                + ", reorgs "
                + doneReorgs
                + "/"
                + reorgs
                + ", transactions sent "
                + sent.get());
      }
      loading.set(false);
      loader.join();
      long head = dev.blockNumber().longValueExact();
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (System.nanoTime() < deadline) {
        boolean caughtUp = false;
        for (int p : ports) {
          caughtUp |= status(http, p).contains("\"cursor\":" + head + ",");
        }
        if (caughtUp) {
          break;
        }
        Thread.sleep(200);
      }
      for (ServiceProcess p : indexers) {
        p.close();
      }
      ChainAudit.Report r = ChainAudit.audit(web3j, d.contracts(), d.startBlock(), bootstrap, true);
      web3j.shutdown();
      return new Result(
          doneKills,
          doneReorgs,
          r.canonical(),
          r.lost().size(),
          r.duplicatesAfterDedupe().size(),
          r.diverged().size() + r.fieldMismatches().size(),
          r,
          longestHandover);
    }
  }

  private static String status(HttpClient http, int port) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/status"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (java.io.IOException e) {
      return ""; // down
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** Whether the replica on {@code port} leads (answers and is not a standby). */
  private static boolean leads(HttpClient http, int port) {
    String s = status(http, port);
    return !s.isEmpty()
        && !s.contains("\"state\":\"standby\"")
        && !s.contains("\"state\":\"starting\"");
  }

  /** The replica that leads now (waiting for one to). */
  private static int leader(HttpClient http, int[] ports) throws InterruptedException {
    while (true) {
      for (int k = 0; k < ports.length; k++) {
        if (leads(http, ports[k])) {
          return k;
        }
      }
      Thread.sleep(50);
    }
  }

  /** Transactions that make events: tokenize and set a price, from two accounts. */
  private static final class Load {
    private final ModelRegistry[] registries;
    private final AtomicInteger sent;

    Load(Web3j web3j, Deployment d, AtomicInteger sent) {
      this.sent = sent;
      Credentials[] who = {DevAccounts.account(1), DevAccounts.account(2)};
      registries = new ModelRegistry[who.length];
      for (int i = 0; i < who.length; i++) {
        registries[i] =
            ModelRegistry.load(
                d.address("ModelRegistry"),
                web3j,
                new RawTransactionManager(
                    web3j,
                    who[i],
                    d.chainId(),
                    new PollingTransactionReceiptProcessor(web3j, 50, 40)),
                Chain.DEV_GAS);
      }
    }

    synchronized void once(int i) {
      try {
        byte[] catalogId = new byte[32];
        catalogId[16] = 0x66;
        catalogId[28] = (byte) (i >> 24);
        catalogId[29] = (byte) (i >> 16);
        catalogId[30] = (byte) (i >> 8);
        catalogId[31] = (byte) i;
        var r =
            registries[i % registries.length]
                .tokenize(catalogId, "chaos", new byte[32], BigInteger.ZERO)
                .send();
        sent.incrementAndGet();
        if (r.isStatusOK()) {
          BigInteger model = ModelRegistry.getModelTokenizedEvents(r).get(0).modelId;
          byte[] feature = new byte[32];
          feature[0] = 'x';
          registries[i % registries.length]
              .setUsagePrice(model, feature, BigInteger.valueOf(i))
              .send();
          sent.incrementAndGet();
        }
      } catch (Exception e) {
        // a reorg dropped it, or it was already tokenized: the chain decides, the audit checks
      }
    }
  }
}
