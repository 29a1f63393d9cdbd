package io.soa.chaos;

import io.soa.demo.Demo;
import io.soa.demo.Hooks;
import io.soa.demo.Stories;
import io.soa.devchain.Chain;
import io.soa.devchain.DevChain;
import io.soa.devchain.RepoRoot;
import io.soa.devstack.Stack;
import io.soa.devstack.StackOptions;
import io.soa.testing.FaultProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * {@code ./soa chaos suite}: the demo's story, run again and again as the load (sign-in,
 * registration, tokenization, licences bought and used up, hundreds of concurrent pay-per-use
 * calls, settlements, a model token sold, a licence resold) against the packaged suite, while
 * faults strike at seeded random moments, every kind in turn: {@code kill -9} of each service, a
 * Kafka broker crash, every database connection dropped, chain reorgs, a stalled RPC node. Then
 * everything settles and {@link SuiteAudit} compares every topic, ledger and read model with the
 * chain and with what the callers were answered.
 */
public final class SuiteChaos {
  private SuiteChaos() {}

  /** The kinds of fault, each injected in turn (shuffled within a round). */
  public enum Fault {
    KILL_CATALOG,
    KILL_LICENSING,
    KILL_PAYMENT,
    KILL_INDEXER,
    KILL_MODEL,
    KAFKA_CRASH,
    DATABASE_CONNECTIONS_DROPPED,
    REORG,
    RPC_STALL
  }

  /** Faults by kind, stories run and interrupted, and the audit. */
  public record Result(
      Map<String, Integer> faults, int stories, int interrupted, SuiteReport audit) {
    public int faultCount() {
      return faults.values().stream().mapToInt(Integer::intValue).sum();
    }

    public Map<String, Object> asMap() {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("faults", faults);
      m.put("stories", stories);
      m.put("storiesInterrupted", interrupted);
      m.putAll(audit.asMap());
      return m;
    }
  }

  /** Fast settlement, so the stories' channels are claimed while faults still strike. */
  static final Map<String, String> ENV =
      Map.of(
          "SOA_PAYMENT_SETTLE_INTERVAL", "1s",
          "SOA_PAYMENT_SETTLE_MAX_AGE", "3s",
          "SOA_PAYMENT_SETTLE_RESUBMIT_AFTER", "5s",
          "SOA_CHAIN_POLL_INTERVAL", "200ms",
          "SOA_CHAIN_LEADER_RETRY", "250ms");

  public static Result run(int faults, long seed, Path dir, Consumer<String> log) throws Exception {
    Random rnd = new Random(seed);
    ReadWriteLock gate = new ReentrantReadWriteLock();
    FaultProxy[] rpc = new FaultProxy[1];
    StackOptions options =
        StackOptions.freePorts(RepoRoot.find(), dir, null)
            .without(io.soa.devstack.ServiceSpec.ANALYTICS)
            .withEnv(ENV)
            .withServicesRpc(
                anvil -> {
                  try {
                    rpc[0] = new FaultProxy(anvil); // the services reach the chain through it
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                  rpc[0].gate(gate);
                  return rpc[0].url();
                });
    try (Stack stack = Stack.start(options, log, pid -> {});
        FaultProxy proxy = rpc[0]) {
      ConcurrentLinkedQueue<Hooks.Call> calls = new ConcurrentLinkedQueue<>();
      Stories stories =
          new Stories(
              stack.deployment(),
              Demo.Urls.of(stack.urls()),
              new Hooks(calls::add, gate, Hooks.NONE.timer()),
              log);

      Web3j web3j = Chain.connect(stack.deployment().rpcUrl());
      DevChain dev = new DevChain(new HttpService(stack.deployment().rpcUrl()));
      Map<String, Integer> done = new TreeMap<>();
      List<Fault> order = new ArrayList<>();
      while (order.size() < faults) {
        List<Fault> round = new ArrayList<>(List.of(Fault.values()));
        Collections.shuffle(round, rnd);
        order.addAll(round);
      }
      for (Fault f : order.subList(0, faults)) {
        Thread.sleep(3_000 + rnd.nextInt(6_000)); // the stories get on between faults
        inject(f, stack, proxy, dev, gate, rnd);
        done.merge(f.name(), 1, Integer::sum);
        log.accept(
            "fault "
                + done.values().stream().mapToInt(Integer::intValue).sum()
                + "/"
                + faults
                + ": "
                + f
                + "; stories "
                + stories.done()
                + " done, "
                + stories.interrupted()
                + " interrupted, "
                + calls.size()
                + " calls");
      }
      proxy.set(FaultProxy.Faults.NONE);
      stories.close();
      log.accept("faults over; settling and auditing");
      SuiteReport audit = SuiteAudit.settleAndAudit(stack, web3j, List.copyOf(calls), log);
      web3j.shutdown();
      return new Result(done, stories.done(), stories.interrupted(), audit);
    }
  }

  private static void inject(
      Fault f, Stack stack, FaultProxy rpc, DevChain dev, ReadWriteLock gate, Random rnd)
      throws Exception {
    switch (f) {
      case KILL_CATALOG -> stack.crashAndRestart("catalog-service");
      case KILL_LICENSING -> stack.crashAndRestart("licensing-service");
      case KILL_PAYMENT -> stack.crashAndRestart("payment-service");
      case KILL_INDEXER -> stack.crashAndRestart("chain-indexer");
      case KILL_MODEL -> stack.crashAndRestart("example-model");
      case KAFKA_CRASH -> stack.crashAndRestartKafka();
      case DATABASE_CONNECTIONS_DROPPED -> stack.dropDatabaseConnections();
      case REORG -> {
        // Exclusively: no transaction of the stories or of settlement is mid-flight at the node.
        // The transactions are mined again in the new blocks, as in most reorgs of a real chain
        // (a reorg that drops a deposit for good is the indexer's chaos run's, not this one's).
        gate.writeLock().lock();
        try {
          int depth = 1 + rnd.nextInt(3);
          if (dev.blockNumber().longValueExact() > stack.deployment().startBlock() + depth + 2) {
            dev.reorgKeepingTransactions(depth);
          }
        } finally {
          gate.writeLock().unlock();
        }
      }
      case RPC_STALL -> { // every request waits 3 s and the head stands still
        rpc.set(new FaultProxy.Faults(0, 0, 1.0, 3_000, 0, true));
        Thread.sleep(Duration.ofSeconds(4 + rnd.nextInt(4)).toMillis());
        rpc.set(FaultProxy.Faults.NONE);
      }
    }
  }
}
