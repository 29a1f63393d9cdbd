package io.soa.indexer.follower;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.soa.indexer.config.ChainConfig;
import io.soa.indexer.decode.AbiDecoder;
import io.soa.indexer.decode.Router;
import io.soa.indexer.follower.RangeFetcher.Fetched;
import io.soa.indexer.follower.RangePublisher.Sent;
import io.soa.indexer.repository.CursorRepository;
import io.soa.indexer.repository.CursorRepository.BlockHash;
import io.soa.indexer.repository.CursorRepository.Cursor;
import io.soa.indexer.repository.Leadership;
import io.soa.indexer.rpc.LicenseLookup;
import io.soa.indexer.rpc.RpcClient;
import io.soa.indexer.rpc.RpcClient.Header;
import io.soa.indexer.rpc.RpcException;
import io.soa.indexer.rpc.RpcUrls;
import io.soa.platform.messaging.KafkaEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Follows the chain on its own thread and publishes every contract log exactly once in effect.
 *
 * <p>Each step: check that the block the cursor points at is still the node's (else the {@link
 * ReorgHandler} walks back to the fork point and retracts what was above it); take the next range
 * from the {@link RangeFetcher} (logs and the headers of their blocks in one batch, the range after
 * it already fetched ahead); check with {@link ChainCheck} that they are one chain extending the
 * cursor; publish in chain order ({@link RangePublisher}); hand the range's commit to the {@link
 * CommitPipeline}, which stores cursor, recent block hashes and recent events in one transaction
 * once Kafka acknowledged every event, while the follower already sends the next range. Reorgs,
 * operator commands and reaching the head wait for every pending commit. A crash or failed commit
 * re-publishes from the stored cursor with the same ids ({@link EventIds}). The {@link RangeSizer}
 * sizes each range from how the node answered the last.
 */
@ApplicationScoped
public class ChainFollower {
  private static final Logger LOG = Logger.getLogger(ChainFollower.class);

  /** Commits that may wait for their acks while the follower sends on. */
  private static final int MAX_PENDING_COMMITS = 2;

  private final ChainConfig config;
  private final CursorRepository store;
  private final KafkaEvents kafka;
  private final FollowerMetrics metrics;
  private final Map<String, String> contracts = new LinkedHashMap<>();
  private final OperatorCommands commands;
  private final Progress progress = new Progress();
  private final RangeSizer sizer;
  private final CommitPipeline commits = new CommitPipeline(MAX_PENDING_COMMITS);
  private RpcClient rpc;
  private RangeFetcher fetcher;
  private RangePublisher publisher;
  private ReorgHandler reorgs;
  private NodeTrouble trouble;
  private LicenseLookup licenses;
  private final Leadership leadership;
  private volatile boolean running;
  private Thread thread;

  public ChainFollower(
      ChainConfig config,
      CursorRepository store,
      KafkaEvents kafka,
      MeterRegistry registry,
      io.vertx.mutiny.sqlclient.Pool pool) {
    this.config = config;
    // one lock per chain: replicas of other chains on the same database do not wait for it
    this.leadership =
        new Leadership(pool, 0x50A1_0000_0000L + config.chainId(), config.leaderCheck());
    this.store = store;
    this.kafka = kafka;
    this.sizer = new RangeSizer(config.initialRange(), config.maxRange());
    this.commands = new OperatorCommands(config.chainId(), config.startBlock());
    this.metrics = new FollowerMetrics(registry);
    metrics.follow(progress, sizer, leadership::leading);
    contracts.putAll(config.contracts().followed());
  }

  void onStart(@Observes StartupEvent ev) {
    rpc = new RpcClient(config, metrics.registry());
    fetcher =
        new RangeFetcher(
            rpc, new ArrayList<>(contracts.values()), config.rpcTimeout().multipliedBy(4));
    licenses = new LicenseLookup(rpc, contracts.get("LicenseToken"));
    publisher =
        new RangePublisher(
            new AbiDecoder(contracts),
            new Router(config.chainId(), contracts, licenses::modelOf),
            kafka);
    reorgs = new ReorgHandler(config.chainId(), config.reorgWindow(), store, rpc, publisher);
    trouble =
        new NodeTrouble(
            commits, reorgs, progress, metrics, rpc, store, config.chainId(), config.startBlock());
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
    if (fetcher != null) {
      fetcher.close();
    }
    commits.close();
    leadership.release();
    if (rpc != null) {
      rpc.close();
    }
    metrics.removeGauges();
    progress.state = FollowerStatus.State.STOPPED;
  }

  /**
   * Steps until stopped; a failed step is retried with jittered backoff (100 ms doubling to 5 s).
   */
  private void run() {
    boolean retractedLoaded = false;
    long backoffMs = 100;
    while (running) {
      try {
        if (!leadership.lead()) { // a standby: try again, follow nothing meanwhile
          progress.state = FollowerStatus.State.STANDBY;
          retractedLoaded = false;
          commits.abandon();
          Thread.sleep(config.leaderRetry().toMillis());
          continue;
        }
        if (!retractedLoaded) {
          publisher.retracted(store.retractedIds(config.chainId()));
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
        if (!retryNow(e)) {
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
  }

  /**
   * Records a failed step in the state and the range size; true when the step should be retried at
   * once (the node refused the range size, which is now halved).
   */
  private boolean retryNow(Exception e) {
    RpcException.Kind kind = progress.failed(e);
    if (kind == RpcException.Kind.RANGE_LIMIT) {
      sizer.refused(System.currentTimeMillis());
      LOG.infof("node limits ranges: shrinking to %d blocks (%s)", sizer.blocks(), e.getMessage());
      return true;
    }
    if (kind == RpcException.Kind.TIMEOUT) {
      sizer.timedOut();
    }
    return false;
  }

  private Cursor storedCursor() {
    return store
        .load(config.chainId())
        .orElse(new Cursor(config.startBlock() - 1, null, null, null));
  }

  /** One step; returns true when more work is ready right away. */
  boolean step() throws Exception {
    commits.poll();
    OperatorCommands.Command cmd = commands.take();
    if (cmd != null) {
      commits.drain();
    }
    Cursor cur = commits.pipelined() != null ? commits.pipelined() : storedCursor();
    if (cmd != null) {
      cur = commands.apply(cmd, cur, rpc, store); // its haltedReason is null: a resume lifts it
    }
    if (commits.pipelined() == null) { // the stored cursor: what /v1/status reports as published
      progress.haltedReason = cur.haltedReason();
      progress.stored(cur.blockNumber(), cur.blockTime());
    }
    if (progress.haltedReason != null) {
      progress.state = FollowerStatus.State.HALTED;
      return false;
    }
    long head = rpc.blockNumber();
    progress.head = head;
    if (rpc.currentNodeStale()) {
      metrics.nodeStale.increment();
      rpc.failOver("head has not moved for " + config.staleAfter());
    }
    long target =
        config.useFinalized() ? rpc.finalizedBlockNumber() : head - config.confirmations();

    if (cur.hasHash() && cur.blockNumber() > head) {
      return trouble.nodeBehind(cur, head);
    }
    // Is the block we last published still on the node's chain?
    if (cur.hasHash()) {
      Header atCursor = rpc.header(cur.blockNumber());
      if (atCursor == null) {
        throw trouble.inconsistent(
            "it reports head " + head + " but has no block " + cur.blockNumber());
      }
      if (!atCursor.hash().equals(cur.blockHash())) {
        trouble.reorg(head);
        return true;
      }
    }
    if (cur.blockNumber() >= target) {
      commits.drain();
      progress.state = FollowerStatus.State.FOLLOWING;
      progress.lastError = null;
      return false;
    }
    return publishRange(cur, head, target);
  }

  /** Sends the next range after {@code cur} and queues its commit; true when more is ready. */
  private boolean publishRange(Cursor cur, long head, long target) throws Exception {
    long from = cur.blockNumber() + 1;
    long to = Math.min(target, from + sizer.blocks() - 1);
    progress.state =
        to < target ? FollowerStatus.State.CATCHING_UP : FollowerStatus.State.FOLLOWING;

    long t0 = System.nanoTime();
    long keepFrom = head - config.reorgWindow();
    Fetched f = fetcher.take(from, to, keepFrom);
    to = f.to();
    Map<Long, Header> headers = f.headers();
    long tHeaders = System.nanoTime();
    Optional<String> problem = ChainCheck.inconsistency(cur, from, to, keepFrom, f.logs(), headers);
    if (problem.isPresent()) {
      throw trouble.inconsistent(problem.get());
    }
    if (to < target) {
      long nextFrom = to + 1;
      fetcher.fetchAhead(nextFrom, Math.min(target, nextFrom + sizer.blocks() - 1), keepFrom);
    }

    int logCount = f.logs().size();
    Sent sent = publisher.publish(f.logs(), headers, keepFrom);
    long tSent = System.nanoTime();
    List<BlockHash> hashes = new ArrayList<>();
    for (long b = Math.max(from, keepFrom); b <= to; b++) {
      hashes.add(new BlockHash(b, headers.get(b).hash()));
    }
    Header last = headers.get(to);
    Cursor next = new Cursor(to, last.hash(), last.timestamp(), null);
    commits.submit(next, () -> commit(next, sent, hashes, keepFrom));
    metrics.phase("get_logs", f.logsNanos());
    metrics.phase("headers", f.headersNanos());
    metrics.phase("fetch_wait", tHeaders - t0);
    metrics.phase("decode_send", tSent - tHeaders);
    progress.lastError = null;

    sizer.adapt(
        to - from + 1, logCount, (System.nanoTime() - t0) / 1_000_000, System.currentTimeMillis());
    if (to >= target) {
      commits.drain(); // caught up: rest only once the store holds everything sent
    }
    return to < target;
  }

  /** On the committer thread: every event acknowledged, then cursor, hashes and window stored. */
  private void commit(Cursor next, Sent sent, List<BlockHash> hashes, long keepFrom) {
    long t0 = System.nanoTime();
    try {
      sent.awaitAcks(); // every event acknowledged before the cursor moves
    } catch (Exception e) {
      throw new java.util.concurrent.CompletionException(e);
    }
    long tAcked = System.nanoTime();
    store.commitRange(config.chainId(), next, hashes, sent.recent(), keepFrom);
    metrics.phase("kafka_ack", tAcked - t0);
    metrics.phase("commit", System.nanoTime() - tAcked);
    metrics.published.increment(sent.acks().size());
    progress.stored(next.blockNumber(), next.blockTime());
  }

  /** Asks the follower to re-publish from {@code fromBlock} (consumers drop duplicates). */
  public void replay(long fromBlock) {
    commands.replay(fromBlock);
  }

  /** Lifts a halt after a fork deeper than the window (see {@link OperatorCommands}). */
  public void resume() {
    commands.resume();
  }

  /** {@code LicenseToken.modelOf(licenseId)} on-chain; package-private for tests. */
  String modelOfLicense(String licenseId) {
    return licenses.modelOf(licenseId);
  }

  public FollowerStatus status() {
    return new FollowerStatus(
        config.chainId(),
        progress.state.name().toLowerCase(),
        progress.head,
        progress.cursorBlock,
        progress.lagBlocks(),
        progress.lagSeconds(),
        sizer.blocks(),
        progress.lastReorg,
        progress.haltedReason,
        progress.lastError,
        rpc == null ? null : RpcUrls.redact(rpc.currentUrl()));
  }

  public FollowerStatus.State state() {
    return progress.state;
  }
}
