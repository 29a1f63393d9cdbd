package io.soa.indexer.follower;

import io.soa.indexer.rpc.RawLog;
import io.soa.indexer.rpc.RpcClient;
import io.soa.indexer.rpc.RpcClient.Header;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Reads ranges from the node: the logs of the suite's contracts, then in one batch the headers of
 * their blocks ({@link ChainCheck#headersNeeded}). While the follower publishes one range, the next
 * can be fetched (and parsed) ahead on this class's own thread.
 */
final class RangeFetcher implements AutoCloseable {
  /** One range's logs and the headers of their blocks, and how long each took. */
  record Fetched(
      long from,
      long to,
      List<RawLog> logs,
      Map<Long, Header> headers,
      long logsNanos,
      long headersNanos) {}

  private record Pending(long from, Future<Fetched> result) {}

  private final RpcClient rpc;
  private final List<String> addresses;
  private final Duration wait;
  private final ExecutorService ahead =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().name("chain-fetcher").factory());
  private Pending pending;

  /**
   * @param wait how long a step waits for the range fetched ahead
   */
  RangeFetcher(RpcClient rpc, List<String> addresses, Duration wait) {
    this.rpc = rpc;
    this.addresses = List.copyOf(addresses);
    this.wait = wait;
  }

  /** Fetches {@code [from, to]} now. */
  Fetched fetch(long from, long to, long keepFrom) {
    long t0 = System.nanoTime();
    List<RawLog> logs = rpc.logs(from, to, addresses, 4 * RangeSizer.TARGET_LOGS);
    long t1 = System.nanoTime();
    Map<Long, Header> headers = rpc.headers(ChainCheck.headersNeeded(from, to, keepFrom, logs));
    return new Fetched(from, to, logs, headers, t1 - t0, System.nanoTime() - t1);
  }

  /** Starts fetching {@code [from, to]} ahead, for the next {@link #take}. */
  void fetchAhead(long from, long to, long keepFrom) {
    pending = new Pending(from, ahead.submit(() -> fetch(from, to, keepFrom)));
  }

  /**
   * The range starting at {@code from}: the one fetched ahead when it ends at or below {@code to}
   * and holds every window header the step needs now, otherwise fetched now. A failed fetch ahead
   * rethrows its error, so range limits and timeouts adapt as usual.
   */
  Fetched take(long from, long to, long keepFrom) throws Exception {
    Fetched f = takeAhead(from, to, keepFrom);
    return f != null ? f : fetch(from, to, keepFrom);
  }

  private Fetched takeAhead(long from, long to, long keepFrom) throws Exception {
    Pending p = pending;
    pending = null;
    if (p == null || p.from() != from) {
      if (p != null) {
        p.result().cancel(false); // a reorg, replay or resume moved the cursor meanwhile
      }
      return null;
    }
    Fetched f;
    try {
      f = p.result().get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
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

  @Override
  public void close() {
    ahead.shutdownNow();
  }
}
