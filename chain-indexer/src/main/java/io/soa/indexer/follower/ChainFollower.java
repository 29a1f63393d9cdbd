package io.soa.indexer.follower;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.soa.events.EventCodec;
import io.soa.events.Topics;
import io.soa.events.chain.ChainReorganized;
import io.soa.indexer.config.ChainConfig;
import io.soa.indexer.decode.AbiDecoder;
import io.soa.indexer.decode.Router;
import io.soa.indexer.repository.CursorRepository;
import io.soa.indexer.repository.CursorRepository.BlockHash;
import io.soa.indexer.repository.CursorRepository.Cursor;
import io.soa.indexer.repository.CursorRepository.Published;
import io.soa.indexer.rpc.RawLog;
import io.soa.indexer.rpc.RpcClient;
import io.soa.indexer.rpc.RpcClient.Header;
import io.soa.indexer.rpc.RpcException;
import io.soa.indexer.rpc.RpcUrls;
import io.soa.platform.outbox.KafkaEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Follows the chain on its own thread and publishes every contract log exactly once in effect.
 *
 * <p>Each step: check that the block the cursor points at is still the node's (else walk back to
 * the fork point, publish {@code ChainReorganized} and the retraction of every event above it, and
 * roll the cursor back); fetch the next range's logs and the headers of their blocks in one batch
 * (so every log's block hash is checked against the header chain); publish in chain order. A
 * committer thread then waits until Kafka acknowledged every event of the range and only then
 * commits cursor, recent block hashes and recent events in one transaction, while the follower
 * already sends the next range (at most two commits wait; each runs only after the one before it
 * succeeded; reorgs, commands and reaching the head wait for all of them). A crash or failed commit
 * re-publishes from the stored cursor with the same ids. A fork deeper than {@code reorgWindow}
 * halts publishing until an operator resumes.
 */
@ApplicationScoped
public class ChainFollower {
  private static final Logger LOG = Logger.getLogger(ChainFollower.class);
  private static final String SOURCE = "/chain-indexer";

  /** Logs per eth_getLogs the range adapts towards: big enough to amortize, small in memory. */
  private static final int TARGET_LOGS = 10_000;

  private static final int CHUNK = 4_096;

  /** What the follower is doing, as /v1/status and readiness report it. */
  public enum State {
    STARTING,
    CATCHING_UP,
    FOLLOWING,
    NODE_LAGGING,
    NODE_UNREACHABLE,
    WRONG_CHAIN,
    HALTED,
    STOPPED
  }

  /** The last reorg seen. */
  public record Reorg(long forkBlock, long oldTip, long depth, long retracted, String at) {}

  private sealed interface Command permits Replay, Resume {}

  private record Replay(long fromBlock) implements Command {}

  private record Resume() implements Command {}

  private final ChainConfig config;
  private final CursorRepository store;
  private final KafkaEvents kafka;
  private final MeterRegistry metrics;
  private final Counter published;
  private final Counter reorgs;
  private final Map<String, String> contracts = new LinkedHashMap<>();
  private final List<String> addresses = new ArrayList<>();
  private final AtomicReference<Command> command = new AtomicReference<>();

  private final java.util.Set<String> retracted =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private RpcClient rpc;
  private AbiDecoder decoder;
  private Router router;
  private volatile State state = State.STARTING;
  private volatile long head = -1;
  private volatile long cursorBlock = -1;
  private volatile Long cursorTime;
  private volatile int range;
  private volatile int rangeCeiling = Integer.MAX_VALUE;
  private volatile long ceilingUntil;
  private volatile String lastError;
  private volatile String haltedReason;
  private volatile Reorg lastReorg;
  private volatile boolean running;
  private Thread thread;

  /** Fetches the next range while the current one is published. */
  private final java.util.concurrent.ExecutorService fetcher =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          Thread.ofPlatform().name("chain-fetcher").factory());

  private Pending prefetch;

  private record Pending(long from, Future<Fetched> result) {}

  /**
   * Commits of sent ranges, oldest first. Each waits for its range's acks, then stores its cursor,
   * and runs only once the one before it has succeeded, so the stored cursor never passes an
   * unacknowledged event; meanwhile the follower already sends the next range.
   */
  private final java.util.ArrayDeque<CompletableFuture<Void>> commits =
      new java.util.ArrayDeque<>();

  /** The cursor the newest pending commit will store; null when none is pending. */
  private Cursor pipelined;

  private static final int MAX_PENDING_COMMITS = 2;
  private final java.util.concurrent.ExecutorService committer =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          Thread.ofPlatform().name("chain-committer").factory());

  public ChainFollower(
      ChainConfig config, CursorRepository store, KafkaEvents kafka, MeterRegistry metrics) {
    this.config = config;
    this.store = store;
    this.kafka = kafka;
    this.metrics = metrics;
    this.range = Math.max(1, Math.min(config.initialRange(), config.maxRange()));
    this.published = metrics.counter("soa_indexer_events_published");
    this.reorgs = metrics.counter("soa_indexer_reorgs");
    gauge("soa_indexer_head_block", () -> head);
    gauge("soa_indexer_cursor_block", () -> cursorBlock);
    gauge("soa_indexer_lag_blocks", this::lagBlocks);
    gauge("soa_indexer_range_blocks", () -> range);
    gauge("soa_indexer_halted", () -> state == State.HALTED ? 1 : 0);
    contracts.put("ModelRegistry", config.contracts().modelRegistry());
    config.contracts().licenseToken().ifPresent(a -> contracts.put("LicenseToken", a));
    config.contracts().marketplace().ifPresent(a -> contracts.put("Marketplace", a));
    config.contracts().usageEscrow().ifPresent(a -> contracts.put("UsageEscrow", a));
    config.contracts().soaToken().ifPresent(a -> contracts.put("SOAToken", a));
    addresses.addAll(contracts.values());
  }

  private final List<io.micrometer.core.instrument.Meter> gauges = new ArrayList<>();

  /** Time spent per phase of a step, {@code soa_indexer_step_seconds{phase}}. */
  private void phase(String name, long nanos) {
    metrics.timer("soa_indexer_step_seconds", "phase", name).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A gauge removed again on shutdown, so a restarted app never reads a stopped follower. */
  private void gauge(String name, java.util.function.Supplier<Number> value) {
    gauges.add(
        io.micrometer.core.instrument.Gauge.builder(name, value)
            .strongReference(true)
            .register(metrics));
  }

  void onStart(@Observes StartupEvent ev) {
    rpc = new RpcClient(config, metrics);
    decoder = new AbiDecoder(contracts);
    router = new Router(config.chainId(), contracts, this::modelOfLicense);
    kafka.producer(); // made now, not by the first range (the bean is created on first use)
    running = true;
    thread = Thread.ofPlatform().name("chain-follower").start(this::run);
  }

  void onStop(@Observes ShutdownEvent ev) {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    fetcher.shutdownNow();
    committer.shutdown(); // a commit in flight finishes; one not yet started is simply redone
    try {
      committer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (rpc != null) {
      rpc.close();
    }
    gauges.forEach(metrics::remove);
    state = State.STOPPED;
  }

  private void run() {
    boolean retractedLoaded = false;
    long backoffMs = 100;
    while (running) {
      try {
        if (!retractedLoaded) {
          retracted.addAll(store.retractedIds(config.chainId()));
          retractedLoaded = true;
        }
        boolean more = step();
        backoffMs = 100;
        if (!more) {
          Thread.sleep(config.pollInterval());
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (!running) {
          return;
        }
        lastError = e.toString();
        if (e instanceof RpcException re && re.kind() == RpcException.Kind.RANGE_LIMIT) {
          range = Math.max(1, range / 2);
          rangeCeiling = range; // do not grow back into the limit for a while
          ceilingUntil = System.currentTimeMillis() + 60_000;
          LOG.infof("node limits ranges: shrinking to %d blocks (%s)", range, e.getMessage());
          continue;
        }
        if (e instanceof RpcException re && re.kind() == RpcException.Kind.WRONG_CHAIN) {
          state = State.WRONG_CHAIN;
        } else if (e instanceof RpcException re && re.kind() == RpcException.Kind.INCONSISTENT) {
          LOG.debug("inconsistent node; the state stays what it was");
        } else if (state != State.HALTED) {
          state = State.NODE_UNREACHABLE;
        }
        if (e instanceof RpcException re && re.kind() == RpcException.Kind.TIMEOUT) {
          range = Math.max(1, range / 2);
        }
        LOG.warnf("indexing failed, retrying in %d ms: %s", backoffMs, e.toString());
        try {
          Thread.sleep(backoffMs + (long) (Math.random() * backoffMs));
        } catch (InterruptedException ie) {
          return;
        }
        backoffMs = Math.min(backoffMs * 2, 5_000);
      }
    }
  }

  private Cursor cursor() {
    return store
        .load(config.chainId())
        .orElse(new Cursor(config.startBlock() - 1, null, null, null));
  }

  /** One step; returns true when more work is ready right away. */
  boolean step() throws Exception {
    pollCommits();
    Command cmd = command.getAndSet(null);
    if (cmd != null) {
      drainCommits();
    }
    Cursor cur = pipelined != null ? pipelined : cursor();
    if (cmd != null) {
      cur = apply(cmd, cur);
    }
    if (pipelined == null) { // the stored cursor: what /v1/status reports as published
      haltedReason = cur.haltedReason();
      cursorBlock = cur.blockNumber();
      cursorTime = cur.blockTime();
    }
    if (haltedReason != null) {
      state = State.HALTED;
      return false;
    }
    head = rpc.blockNumber();
    if (rpc.currentNodeStale()) {
      metrics.counter("soa_indexer_node_stale").increment();
      rpc.failOver("head has not moved for " + config.staleAfter());
    }
    long target =
        config.useFinalized() ? rpc.finalizedBlockNumber() : head - config.confirmations();

    // A node behind what was published is lagging (or still syncing), not reorganised: a
    // shorter chain says nothing about the blocks it has not reached. Wait, on another node
    // if there is one; never retract because of it.
    if (cur.blockHash() != null && !cur.blockHash().isEmpty() && cur.blockNumber() > head) {
      drainCommits(); // the window in the store must hold every range sent
      if (forkedBelow(head)) { // a shorter replacement chain: a reorg after all
        handleReorg(cursor());
        return true;
      }
      state = State.NODE_LAGGING;
      lastError =
          "node "
              + RpcUrls.redact(rpc.currentUrl())
              + " is at block "
              + head
              + ", behind the published cursor "
              + cur.blockNumber()
              + "; waiting";
      metrics.counter("soa_indexer_node_lagging").increment();
      rpc.failOver("its head " + head + " is behind the published cursor " + cur.blockNumber());
      return false;
    }
    // Is the block we last published still on the node's chain?
    if (cur.blockHash() != null && !cur.blockHash().isEmpty()) {
      Header atCursor = rpc.header(cur.blockNumber());
      if (atCursor == null) {
        throw inconsistent("it reports head " + head + " but has no block " + cur.blockNumber());
      }
      if (!atCursor.hash().equals(cur.blockHash())) {
        drainCommits(); // the window in the store must hold every range sent
        handleReorg(cursor());
        return true;
      }
    }
    if (cur.blockNumber() >= target) {
      drainCommits();
      state = State.FOLLOWING;
      lastError = null;
      return false;
    }
    long from = cur.blockNumber() + 1;
    long to = Math.min(target, from + range - 1);
    state = to < target ? State.CATCHING_UP : State.FOLLOWING;

    long t0 = System.nanoTime();
    long keepFrom = head - config.reorgWindow();
    Fetched f = takePrefetched(from, to, keepFrom);
    if (f == null) {
      f = fetch(from, to, keepFrom);
    }
    to = f.to();
    List<RawLog> logs = f.logs();
    Map<Long, Header> headers = f.headers();
    long tHeaders = System.nanoTime();
    String problem = inconsistency(cur, from, to, keepFrom, logs, headers);
    if (problem != null) {
      throw inconsistent(problem);
    }
    if (to < target) {
      // Two stages: the node answers (and we parse) the next range while this one is sent.
      long nextFrom = to + 1;
      long nextTo = Math.min(target, nextFrom + range - 1);
      prefetch = new Pending(nextFrom, fetcher.submit(() -> fetch(nextFrom, nextTo, keepFrom)));
    }

    logs.sort(Comparator.comparingLong(RawLog::blockNumber).thenComparingLong(RawLog::logIndex));
    // Decoding and serializing run on all cores, a chunk at a time (bounded memory for big
    // answers); sending keeps chain order.
    List<Future<RecordMetadata>> acks = new ArrayList<>(logs.size());
    List<Published> recent = new ArrayList<>();
    for (int c = 0; c < logs.size(); c += CHUNK) {
      List<RawLog> chunk = logs.subList(c, Math.min(logs.size(), c + CHUNK));
      List<AbiDecoder.Decoded> decoded = chunk.parallelStream().map(decoder::decode).toList();
      decoded.forEach(
          d -> {
            if (d != null) {
              router.remember(d);
            }
          });
      // routing, ids, envelopes and records are built in parallel; only send() is sequential
      record Out(
          Router.Routed r,
          String id,
          org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> rec) {}
      List<Out> out =
          java.util.stream.IntStream.range(0, chunk.size())
              .parallel()
              .mapToObj(
                  i -> {
                    Router.Routed r =
                        decoded.get(i) == null ? null : router.route(chunk.get(i), decoded.get(i));
                    if (r == null) {
                      return null;
                    }
                    // A log that was retracted and came back in another block gets a new id (see
                    // V2).
                    String id =
                        retracted.contains(r.baseId())
                            ? r.baseId() + ":" + r.blockHash()
                            : r.baseId();
                    OffsetDateTime time =
                        Instant.ofEpochSecond(headers.get(r.blockNumber()).timestamp())
                            .atOffset(ZoneOffset.UTC);
                    return new Out(
                        r,
                        id,
                        EventCodec.toRecord(
                            r.topic(),
                            r.key(),
                            EventCodec.envelope(id, r.type(), SOURCE, r.json(), time, r.key())));
                  })
              .toList();
      for (int i = 0; i < chunk.size(); i++) {
        chunk.set(i, null); // let the parsed response go as we go
      }
      for (Out o : out) {
        if (o == null) {
          continue;
        }
        acks.add(kafka.producer().send(o.rec()));
        Router.Routed r = o.r();
        if (r.blockNumber() >= keepFrom) {
          recent.add(
              new Published(
                  r.blockNumber(),
                  r.logIndex(),
                  r.blockHash(),
                  o.id(),
                  r.type(),
                  r.topic(),
                  r.key(),
                  new String(r.json(), StandardCharsets.UTF_8)));
        }
      }
    }
    int logCount = logs.size();
    long tSent = System.nanoTime();
    List<BlockHash> hashes = new ArrayList<>();
    for (long b = Math.max(from, keepFrom); b <= to; b++) {
      hashes.add(new BlockHash(b, headers.get(b).hash()));
    }
    Header last = headers.get(to);
    Cursor next = new Cursor(to, last.hash(), last.timestamp(), null);
    commitAfterAcks(next, acks, hashes, recent, keepFrom);
    phase("get_logs", f.logsNanos());
    phase("headers", f.headersNanos());
    phase("fetch_wait", tHeaders - t0);
    phase("decode_send", tSent - tHeaders);
    lastError = null;

    adapt(to - from + 1, logCount, (System.nanoTime() - t0) / 1_000_000);
    if (to >= target) {
      drainCommits(); // caught up: rest only once the store holds everything sent
    }
    return to < target;
  }

  /**
   * Queues the commit of a sent range: once every one of its events is acknowledged (acks=all) and
   * the previous range's commit has succeeded, cursor, window hashes and window events are stored
   * in one transaction. At most {@link #MAX_PENDING_COMMITS} wait at a time.
   */
  private void commitAfterAcks(
      Cursor next,
      List<Future<RecordMetadata>> acks,
      List<BlockHash> hashes,
      List<Published> recent,
      long keepFrom)
      throws Exception {
    Runnable job =
        () -> {
          long t0 = System.nanoTime();
          try {
            for (Future<RecordMetadata> ack : acks) {
              ack.get(60, TimeUnit.SECONDS); // every event acknowledged before the cursor moves
            }
          } catch (Exception e) {
            throw new CompletionException(e);
          }
          long tAcked = System.nanoTime();
          store.commitRange(config.chainId(), next, hashes, recent, keepFrom);
          phase("kafka_ack", tAcked - t0);
          phase("commit", System.nanoTime() - tAcked);
          published.increment(acks.size());
          cursorBlock = next.blockNumber();
          cursorTime = next.blockTime();
        };
    CompletableFuture<Void> previous = commits.peekLast();
    commits.addLast(
        previous == null
            ? CompletableFuture.runAsync(job, committer)
            : previous.thenRunAsync(job, committer)); // never runs after a failed one
    pipelined = next;
    while (commits.size() > MAX_PENDING_COMMITS) {
      finish(commits.pollFirst());
    }
  }

  /** Takes the commits that are done; a failed one is rethrown (see {@link #finish}). */
  private void pollCommits() throws Exception {
    while (!commits.isEmpty() && commits.peekFirst().isDone()) {
      finish(commits.pollFirst());
    }
    if (commits.isEmpty()) {
      pipelined = null;
    }
  }

  /** Waits for every pending commit: then the stored cursor is the follower's. */
  private void drainCommits() throws Exception {
    while (!commits.isEmpty()) {
      finish(commits.pollFirst());
    }
    pipelined = null;
  }

  /**
   * Waits for one commit. If it failed, the ranges sent after it are never committed either: all
   * are forgotten and the next step starts again from the stored cursor (re-sending identical
   * events with the same ids, which consumers drop).
   */
  private void finish(CompletableFuture<Void> commit) throws Exception {
    try {
      commit.get();
    } catch (ExecutionException e) {
      commits.clear();
      pipelined = null;
      throw e.getCause() instanceof Exception cause
          ? cause
          : e; // get() unwraps CompletionException
    }
  }

  /** One range's logs and the headers of their blocks (see {@link #fetch}). */
  private record Fetched(
      long from,
      long to,
      List<RawLog> logs,
      Map<Long, Header> headers,
      long logsNanos,
      long headersNanos) {}

  /**
   * Fetches {@code [from, to]}: the logs, then in one batch the headers of their blocks, of both
   * ends, and of every block within the reorg window plus the one below it (so a fork exactly
   * reorgWindow deep still finds its fork point).
   */
  private Fetched fetch(long from, long to, long keepFrom) {
    long t0 = System.nanoTime();
    List<RawLog> logs = rpc.logs(from, to, addresses, 4 * TARGET_LOGS);
    long t1 = System.nanoTime();
    TreeSet<Long> needed = new TreeSet<>();
    needed.add(from);
    needed.add(to);
    for (RawLog l : logs) {
      needed.add(l.blockNumber());
    }
    for (long b = Math.max(from, keepFrom); b <= to; b++) {
      needed.add(b);
    }
    Map<Long, Header> headers = rpc.headers(new ArrayList<>(needed));
    return new Fetched(from, to, logs, headers, t1 - t0, System.nanoTime() - t1);
  }

  /**
   * The range fetched ahead when it starts at {@code from}, ends at or below {@code to} and holds
   * every window header the step needs now; otherwise null (and it is dropped). A failed prefetch
   * rethrows its error, so range limits and timeouts adapt as usual.
   */
  private Fetched takePrefetched(long from, long to, long keepFrom) throws Exception {
    Pending p = prefetch;
    prefetch = null;
    if (p == null || p.from() != from) {
      if (p != null) {
        p.result().cancel(false); // a reorg, replay or resume moved the cursor meanwhile
      }
      return null;
    }
    Fetched f;
    try {
      f = p.result().get(config.rpcTimeout().toMillis() * 4, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
    if (f.to() > to) {
      return null;
    }
    for (long b = Math.max(from, keepFrom); b <= f.to(); b++) {
      if (!f.headers().containsKey(b)) {
        return null;
      }
    }
    return f;
  }

  /**
   * Sizes the next range from this one: aims at about {@link #TARGET_LOGS} logs per request, grows
   * at most twofold and only when the answer was fast, shrinks on slow answers, and stays below a
   * size the node refused in the last minute.
   */
  private void adapt(long blocks, int logs, long ms) {
    if (blocks < range) {
      return; // caught up: this range was cut short by the head, it says nothing
    }
    long next;
    if (ms > 5_000) {
      next = range / 2;
    } else if (logs == 0) {
      next = ms < 1_000 ? range * 2L : range;
    } else {
      next = Math.min(range * 2L, Math.max(1, range * (long) TARGET_LOGS / logs));
      if (ms >= 1_000) {
        next = Math.min(next, range);
      }
    }
    int cap = System.currentTimeMillis() < ceilingUntil ? rangeCeiling : config.maxRange();
    range = (int) Math.max(1, Math.min(Math.min(config.maxRange(), cap), next));
  }

  /**
   * Null when the logs and headers describe one chain that extends the cursor (every log's block
   * hash is its header's, the first new block's parent is the cursor's block, and every header the
   * step stores is there); otherwise what is wrong, for the status and the log.
   */
  private static String inconsistency(
      Cursor cur, long from, long to, long keepFrom, List<RawLog> logs, Map<Long, Header> headers) {
    for (long b = Math.max(from, keepFrom); b <= to; b++) {
      if (!headers.containsKey(b)) {
        return "it has no header for block " + b + " of the range " + from + ".." + to;
      }
    }
    if (!headers.containsKey(from) || !headers.containsKey(to)) {
      return "it has no header for block " + (headers.containsKey(from) ? to : from);
    }
    if (cur.blockHash() != null
        && !cur.blockHash().isEmpty()
        && !headers.get(from).parentHash().equals(cur.blockHash())) {
      return "block "
          + from
          + " does not extend the published block "
          + cur.blockNumber()
          + " (a reorg is checked at the next step)";
    }
    for (RawLog l : logs) {
      Header h = headers.get(l.blockNumber());
      if (h == null || !h.hash().equalsIgnoreCase(l.blockHash())) {
        return "a log of block "
            + l.blockNumber()
            + " names block hash "
            + l.blockHash()
            + ", its header "
            + (h == null ? "is missing" : h.hash());
      }
    }
    for (long b = from + 1; b <= to; b++) {
      Header h = headers.get(b);
      Header p = headers.get(b - 1);
      if (h != null && p != null && !h.parentHash().equals(p.hash())) {
        return "block " + b + " does not extend block " + (b - 1);
      }
    }
    return null;
  }

  /**
   * A node answering from two branches (a load balancer over unsynced nodes) or missing a block it
   * claims: counted, the next node is tried, and the loop backs off instead of asking the same node
   * again at once.
   */
  private RpcException inconsistent(String problem) {
    metrics.counter("soa_indexer_node_inconsistent").increment();
    String url = RpcUrls.redact(rpc.currentUrl());
    rpc.failOver("inconsistent answers: " + problem);
    return new RpcException(
        RpcException.Kind.INCONSISTENT,
        "node " + url + " gave inconsistent answers: " + problem,
        null);
  }

  /**
   * True when the node's block {@code head} is not the one published at that height: its chain
   * forked below our cursor (and is shorter). False when it matches, or when that height has left
   * the window: then the node is only behind.
   */
  private boolean forkedBelow(long head) {
    for (BlockHash h : store.hashesDescending(config.chainId())) {
      if (h.number() == head) {
        Header n = rpc.header(head);
        return n == null || !n.hash().equals(h.hash());
      }
    }
    return false;
  }

  private void handleReorg(Cursor cur) throws Exception {
    List<BlockHash> stored = store.hashesDescending(config.chainId());
    Map<Long, Header> nodeHeaders =
        rpc.headers(stored.stream().map(BlockHash::number).filter(n -> n <= head).toList());
    BlockHash fork = null;
    for (BlockHash h : stored) {
      Header n = nodeHeaders.get(h.number());
      if (n != null && n.hash().equals(h.hash())) {
        fork = h;
        break;
      }
    }
    if (fork == null) {
      String reason =
          "fork deeper than the reorg window ("
              + config.reorgWindow()
              + " blocks): none of the "
              + stored.size()
              + " recent block hashes below "
              + cur.blockNumber()
              + " is on the node's chain; resume with POST /v1/admin/resume";
      LOG.error(reason);
      store.setHalted(config.chainId(), cur, reason);
      haltedReason = reason;
      state = State.HALTED;
      return;
    }
    List<Published> retract = store.publishedAbove(config.chainId(), fork.number());
    var reorg =
        new ChainReorganized(
            config.chainId(),
            fork.number(),
            fork.hash(),
            cur.blockNumber(),
            cur.blockHash(),
            head,
            cur.blockNumber() - fork.number(),
            retract.size(),
            OffsetDateTime.now(ZoneOffset.UTC).toString());
    String reorgId = config.chainId() + ":reorg:" + cur.blockHash() + ":" + fork.number();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (String topic :
        List.of(
            Topics.CHAIN_MODELS, Topics.CHAIN_LICENSES, Topics.CHAIN_MARKET, Topics.CHAIN_ESCROW)) {
      acks.add(
          kafka
              .producer()
              .send(
                  EventCodec.toRecord(
                      topic, "reorg", EventCodec.envelope(reorgId, SOURCE, reorg, now))));
    }
    for (Published p : retract) {
      ObjectNode data = (ObjectNode) EventCodec.JSON.readTree(p.payload());
      data.put("removed", true);
      String id = p.eventId() + ":removed:" + p.blockHash();
      acks.add(
          kafka
              .producer()
              .send(
                  EventCodec.toRecord(
                      p.topic(),
                      p.key(),
                      EventCodec.envelope(
                          id,
                          p.eventType(),
                          SOURCE,
                          EventCodec.JSON.writeValueAsBytes(data),
                          now,
                          p.key()))));
    }
    for (Future<RecordMetadata> ack : acks) {
      ack.get(60, TimeUnit.SECONDS);
    }
    List<String> baseIds = retract.stream().map(p -> baseId(p.eventId())).toList();
    store.rollBack(config.chainId(), new Cursor(fork.number(), fork.hash(), null, null), baseIds);
    retracted.addAll(baseIds);
    reorgs.increment();
    lastReorg =
        new Reorg(
            fork.number(),
            cur.blockNumber(),
            cur.blockNumber() - fork.number(),
            retract.size(),
            now.toString());
    LOG.warnf(
        "reorg: rolled back %d block(s) from %d to fork point %d, retracted %d event(s)",
        cur.blockNumber() - fork.number(), cur.blockNumber(), fork.number(), retract.size());
  }

  private Cursor apply(Command cmd, Cursor cur) {
    switch (cmd) {
      case Replay r -> {
        long back = Math.max(config.startBlock(), r.fromBlock()) - 1;
        Header h = back >= 0 ? rpc.header(back) : null;
        Cursor c =
            new Cursor(back, h == null ? null : h.hash(), h == null ? null : h.timestamp(), null);
        store.rollBack(config.chainId(), c, List.of());
        LOG.infof("replaying from block %d", back + 1);
        return c;
      }
      case Resume r -> {
        // The operator accepts the node's chain: re-anchor the cursor on it. Events already
        // published from orphaned blocks stay; replay from the fork to re-publish its branch.
        Header h = rpc.header(cur.blockNumber());
        Cursor c =
            new Cursor(cur.blockNumber(), h == null ? null : h.hash(), cur.blockTime(), null);
        store.rollBack(config.chainId(), c, List.of());
        haltedReason = null;
        LOG.warnf("resumed at block %d by an operator", cur.blockNumber());
        return c;
      }
    }
  }

  /** {@code chainId:txHash:logIndex} of a published id (which may carry a block hash). */
  private static String baseId(String id) {
    String[] parts = id.split(":");
    return parts[0] + ":" + parts[1] + ":" + parts[2];
  }

  /** Asks the follower to re-publish from {@code fromBlock} (consumers drop duplicates). */
  public void replay(long fromBlock) {
    command.set(new Replay(fromBlock));
  }

  /** Lifts a halt after a fork deeper than the window (see {@link #apply}). */
  public void resume() {
    command.set(new Resume());
  }

  /**
   * {@code LicenseToken.modelOf(licenseId)} on-chain, for a transfer whose purchase was not seen
   * (it happened before the start block or before a restart). Package-private for tests.
   */
  String modelOfLicense(String licenseId) {
    var fn =
        new org.web3j.abi.datatypes.Function(
            "modelOf",
            List.of(
                new org.web3j.abi.datatypes.generated.Uint256(new java.math.BigInteger(licenseId))),
            List.of(
                new org.web3j.abi.TypeReference<org.web3j.abi.datatypes.generated.Uint256>() {}));
    var out =
        org.web3j.abi.FunctionReturnDecoder.decode(
            rpc.call(contracts.get("LicenseToken"), org.web3j.abi.FunctionEncoder.encode(fn)),
            fn.getOutputParameters());
    return out.get(0).getValue().toString();
  }

  private long lagBlocks() {
    return head < 0 || cursorBlock < 0 ? 0 : Math.max(0, head - cursorBlock);
  }

  /** A snapshot for /v1/status. */
  public record Status(
      long chainId,
      String state,
      long head,
      long cursor,
      long lagBlocks,
      long lagSeconds,
      int rangeBlocks,
      Reorg lastReorg,
      String haltedReason,
      String lastError,
      String rpcUrl) {}

  public Status status() {
    long lagSeconds =
        cursorTime == null || lagBlocks() == 0
            ? 0
            : Math.max(0, Instant.now().getEpochSecond() - cursorTime);
    return new Status(
        config.chainId(),
        state.name().toLowerCase(),
        head,
        cursorBlock,
        lagBlocks(),
        lagSeconds,
        range,
        lastReorg,
        haltedReason,
        lastError,
        rpc == null ? null : RpcUrls.redact(rpc.currentUrl()));
  }

  public State state() {
    return state;
  }
}
