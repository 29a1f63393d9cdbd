package io.soa.indexer.follower;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.soa.events.EventCodec;
import io.soa.indexer.config.ChainConfig;
import io.soa.indexer.decode.LogDecoder;
import io.soa.indexer.repository.CursorRepository;
import io.soa.indexer.repository.CursorRepository.Cursor;
import io.soa.platform.outbox.KafkaEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.http.HttpService;

/**
 * Follows the chain on its own thread: asks the node for its head, fetches the logs of the
 * configured contracts over the next block range, publishes them in chain order, waits until
 * Kafka has acknowledged all of them, and only then moves the durable cursor. A crash at any
 * point therefore resumes at the cursor: nothing is lost, and anything re-sent carries the same
 * id. (Reorg handling, adaptive ranges and fail-over are the indexer issue's.)
 */
@ApplicationScoped
public class ChainFollower {
  private static final Logger LOG = Logger.getLogger(ChainFollower.class);
  private static final String SOURCE = "/chain-indexer";

  /** What the follower is doing, as /v1/status and readiness report it. */
  public enum State { STARTING, CATCHING_UP, FOLLOWING, NODE_UNREACHABLE, WRONG_CHAIN, STOPPED }

  private final ChainConfig config;
  private final CursorRepository cursors;
  private final KafkaEvents kafka;
  private final LogDecoder decoder;
  private final Counter published;
  private final Counter rpcErrors;

  private volatile State state = State.STARTING;
  private volatile long head = -1;
  private volatile long cursorBlock = -1;
  private volatile String lastError;
  private volatile Instant lastProgress = Instant.now();
  private volatile boolean running;
  private Thread thread;
  private Web3j web3j;

  public ChainFollower(ChainConfig config, CursorRepository cursors, KafkaEvents kafka,
      MeterRegistry metrics) {
    this.config = config;
    this.cursors = cursors;
    this.kafka = kafka;
    this.decoder = new LogDecoder(config.chainId());
    this.published = metrics.counter("soa_indexer_events_published");
    this.rpcErrors = metrics.counter("soa_indexer_rpc_errors");
    metrics.gauge("soa_indexer_head_block", this, f -> f.head);
    metrics.gauge("soa_indexer_cursor_block", this, f -> f.cursorBlock);
    metrics.gauge("soa_indexer_lag_blocks", this, f -> f.lagBlocks());
  }

  void onStart(@Observes StartupEvent ev) {
    web3j = Web3j.build(new HttpService(config.rpcUrl()));
    running = true;
    thread = Thread.ofPlatform().name("chain-follower").daemon().start(this::run);
  }

  void onStop(@Observes ShutdownEvent ev) {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (web3j != null) {
      web3j.shutdown();
    }
    state = State.STOPPED;
  }

  private void run() {
    long backoffMs = 100;
    while (running) {
      try {
        boolean more = step();
        backoffMs = 100;
        if (!more) {
          sleep(config.pollInterval().toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        if (!running) {
          return;
        }
        rpcErrors.increment();
        lastError = e.toString();
        if (state != State.WRONG_CHAIN) {
          state = State.NODE_UNREACHABLE;
        }
        LOG.warnf("indexing failed, retrying in %d ms: %s", backoffMs, e.toString());
        try {
          sleep(backoffMs + (long) (Math.random() * backoffMs / 2));
        } catch (InterruptedException ie) {
          return;
        }
        backoffMs = Math.min(backoffMs * 2, 10_000);
      }
    }
  }

  /** One range; returns true when more blocks are ready right away. */
  boolean step() throws Exception {
    long nodeChain = web3j.ethChainId().send().getChainId().longValueExact();
    if (nodeChain != config.chainId()) {
      state = State.WRONG_CHAIN;
      throw new IllegalStateException("node at " + config.rpcUrl() + " is on chain " + nodeChain
          + ", configured chain is " + config.chainId());
    }
    long from = cursors.load(config.chainId()).map(c -> c.blockNumber() + 1)
        .orElse(config.startBlock());
    cursorBlock = from - 1;
    head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    long target = head - config.confirmations();
    if (from > target) {
      state = State.FOLLOWING;
      lastError = null;
      return false;
    }
    long to = Math.min(target, from + config.maxRange() - 1);
    state = to < target ? State.CATCHING_UP : State.FOLLOWING;

    EthFilter filter = new EthFilter(
        DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
        DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
        List.of(config.contracts().modelRegistry()));
    EthLog response = web3j.ethGetLogs(filter).send();
    if (response.hasError()) {
      throw new IllegalStateException("eth_getLogs " + from + ".." + to + ": "
          + response.getError().getMessage());
    }
    List<Log> logs = new ArrayList<>();
    for (EthLog.LogResult<?> r : response.getLogs()) {
      logs.add((Log) r.get());
    }
    logs.sort(Comparator.comparing(Log::getBlockNumber).thenComparing(Log::getLogIndex));

    List<Future<RecordMetadata>> acks = new ArrayList<>();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    for (Log log : logs) {
      decoder.decode(log).ifPresent(d -> acks.add(kafka.producer().send(EventCodec.toRecord(
          d.topic(), d.key(), EventCodec.envelope(d.event().eventId(), SOURCE, d.event(), now)))));
    }
    for (Future<RecordMetadata> ack : acks) {
      ack.get(30, TimeUnit.SECONDS); // every event acknowledged before the cursor moves
    }
    published.increment(acks.size());

    EthBlock.Block block = web3j.ethGetBlockByNumber(
        DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), false).send().getBlock();
    cursors.save(config.chainId(), new Cursor(to, block.getHash()));
    cursorBlock = to;
    lastProgress = Instant.now();
    lastError = null;
    return to < target;
  }

  private long lagBlocks() {
    return head < 0 || cursorBlock < 0 ? 0 : Math.max(0, head - cursorBlock);
  }

  private static void sleep(long ms) throws InterruptedException {
    Thread.sleep(Duration.ofMillis(ms));
  }

  /** A snapshot for /v1/status. */
  public record Status(long chainId, String state, long head, long cursor, long lagBlocks,
      long lagSeconds, String lastError, String rpcUrl) {}

  public Status status() {
    long lagSeconds = lagBlocks() == 0 ? 0
        : Duration.between(lastProgress, Instant.now()).toSeconds();
    return new Status(config.chainId(), state.name().toLowerCase(), head, cursorBlock,
        lagBlocks(), lagSeconds, lastError, config.rpcUrl());
  }

  public State state() {
    return state;
  }
}
