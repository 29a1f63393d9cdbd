package io.soa.indexer.rpc;

import io.micrometer.core.instrument.MeterRegistry;
import io.soa.indexer.config.ChainConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigInteger;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.jboss.logging.Logger;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.protocol.http.HttpService;

/**
 * JSON-RPC to one of several nodes. A call that fails for the node's sake (unreachable, 5xx, 429,
 * timeout) moves to the next URL; range-limit errors go back to the caller, who asks for fewer
 * blocks. Every failure is counted by kind in {@code soa_indexer_rpc_errors_total}.
 */
public class RpcClient implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RpcClient.class);

  /** What the follower needs of a block. */
  public record Header(long number, String hash, String parentHash, long timestamp) {}

  private final List<String> urls;
  private final List<Web3j> nodes = new ArrayList<>();
  private final AtomicInteger current = new AtomicInteger();
  private final MeterRegistry metrics;
  private final long[] lastHead;
  private final long[] lastHeadChange;
  private final long staleAfterMs;
  private final LogStream logStream;
  private final long expectedChainId;

  /** False until the current node's chain id was checked; every switch of node clears it. */
  private volatile boolean chainVerified;

  public RpcClient(ChainConfig config, MeterRegistry metrics) {
    this.urls = config.urls();
    this.metrics = metrics;
    OkHttpClient http =
        new OkHttpClient.Builder()
            .callTimeout(config.rpcTimeout())
            .connectTimeout(config.rpcTimeout())
            .readTimeout(config.rpcTimeout())
            .retryOnConnectionFailure(false)
            .build();
    for (String url : urls) {
      nodes.add(Web3j.build(new HttpService(url, http)));
    }
    this.lastHead = new long[urls.size()];
    this.lastHeadChange = new long[urls.size()];
    this.staleAfterMs = config.staleAfter().toMillis();
    this.logStream = new LogStream(config.rpcTimeout(), config.maxResponseBytes());
    this.expectedChainId = config.chainId();
  }

  public String currentUrl() {
    return urls.get(current.get());
  }

  private Web3j node() {
    return nodes.get(current.get());
  }

  /** Switches to the next node (after a failure of the current one). */
  public void failOver(String why) {
    if (urls.size() > 1) {
      int next = (current.get() + 1) % urls.size();
      LOG.warnf(
          "switching from %s to %s: %s",
          RpcUrls.redact(urls.get(current.get())), RpcUrls.redact(urls.get(next)), why);
      current.set(next);
      chainVerified = false;
    }
  }

  /**
   * Checks once per node switch that the node is on the configured chain; a node on another chain
   * is left for the next one and reported as {@link RpcException.Kind#WRONG_CHAIN}.
   */
  private void verifyChain() {
    if (chainVerified) {
      return;
    }
    String url = RpcUrls.redact(currentUrl());
    long id = chainId();
    if (id != expectedChainId) {
      metrics.counter("soa_indexer_rpc_errors", "kind", "wrong_chain").increment();
      failOver("it is on chain " + id);
      throw new RpcException(
          RpcException.Kind.WRONG_CHAIN,
          "node " + url + " is on chain " + id + ", configured chain is " + expectedChainId,
          null);
    }
    chainVerified = true;
  }

  private RuntimeException fail(String what, Throwable e) {
    RpcException.Kind kind;
    if (e instanceof RpcException re) {
      kind = re.kind();
    } else if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
      kind = RpcException.Kind.TIMEOUT;
    } else if (e instanceof ClientConnectionException cce
        && cce.getMessage() != null
        && cce.getMessage().contains("429")) {
      kind = RpcException.Kind.RATE_LIMITED;
    } else {
      kind = RpcException.Kind.UNAVAILABLE;
    }
    metrics.counter("soa_indexer_rpc_errors", "kind", kind.name().toLowerCase()).increment();
    if (kind != RpcException.Kind.RANGE_LIMIT) {
      failOver(what + ": " + e);
    }
    return e instanceof RpcException re
        ? re
        : new RpcException(kind, what + ": " + RpcUrls.redactIn(e.getMessage(), urls), e);
  }

  private <T extends Response<?>> T check(String what, T r) {
    if (r.hasError()) {
      throw new RpcException(
          RpcException.classify(r.getError().getCode(), r.getError().getMessage()),
          what + ": " + r.getError().getMessage() + " (code " + r.getError().getCode() + ")",
          null);
    }
    return r;
  }

  public long chainId() {
    try {
      return check("eth_chainId", node().ethChainId().send()).getChainId().longValueExact();
    } catch (IOException | RuntimeException e) {
      throw fail("eth_chainId", e);
    }
  }

  /**
   * The node's head. A head lower than this node reported before, or one that has not moved for
   * {@code staleAfter}, is counted and reported; the follower's reorg check then decides.
   */
  public long blockNumber() {
    verifyChain();
    long head;
    try {
      head =
          check("eth_blockNumber", node().ethBlockNumber().send())
              .getBlockNumber()
              .longValueExact();
    } catch (IOException | RuntimeException e) {
      throw fail("eth_blockNumber", e);
    }
    int i = current.get();
    long now = System.currentTimeMillis();
    if (head < lastHead[i]) {
      metrics.counter("soa_indexer_node_head_regressions").increment();
      LOG.warnf(
          "node %s head went backwards from %d to %d",
          RpcUrls.redact(urls.get(i)), lastHead[i], head);
    }
    if (head != lastHead[i] || lastHeadChange[i] == 0) {
      lastHead[i] = head;
      lastHeadChange[i] = now;
    }
    return head;
  }

  /**
   * True when the current node's head has not moved for {@code staleAfter} while another node is
   * ahead of it (a quiet chain is not a stale node). Probes the others at most once per {@code
   * staleAfter}.
   */
  public boolean currentNodeStale() {
    int i = current.get();
    long now = System.currentTimeMillis();
    if (urls.size() < 2 || lastHeadChange[i] == 0 || now - lastHeadChange[i] <= staleAfterMs) {
      return false;
    }
    lastHeadChange[i] = now; // probe again only after another staleAfter
    for (int j = 0; j < nodes.size(); j++) {
      if (j == i) {
        continue;
      }
      try {
        long other = nodes.get(j).ethBlockNumber().send().getBlockNumber().longValueExact();
        if (other > lastHead[i]) {
          LOG.warnf(
              "node %s is stuck at %d while %s is at %d",
              RpcUrls.redact(urls.get(i)), lastHead[i], RpcUrls.redact(urls.get(j)), other);
          return true;
        }
      } catch (IOException | RuntimeException e) {
        // the other node is no better
      }
    }
    return false;
  }

  public long finalizedBlockNumber() {
    try {
      EthBlock b =
          check(
              "eth_getBlockByNumber(finalized)",
              node().ethGetBlockByNumber(DefaultBlockParameterName.FINALIZED, false).send());
      return b.getBlock() == null ? -1 : b.getBlock().getNumber().longValueExact();
    } catch (IOException | RuntimeException e) {
      throw fail("eth_getBlockByNumber(finalized)", e);
    }
  }

  public Header header(long number) {
    Map<Long, Header> h = headers(List.of(number));
    return h.get(number);
  }

  /** Headers of {@code numbers} in one batch request; a block the node lacks is absent. */
  public Map<Long, Header> headers(List<Long> numbers) {
    Map<Long, Header> out = new HashMap<>();
    if (numbers.isEmpty()) {
      return out;
    }
    verifyChain(); // also on the prefetch thread: nothing is read from an unchecked node
    try {
      var batch = node().newBatch();
      for (long n : numbers) {
        batch.add(
            node()
                .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(n)), false));
      }
      BatchResponse resp = batch.send();
      for (Response<?> r : resp.getResponses()) {
        EthBlock b = check("eth_getBlockByNumber", (EthBlock) r);
        if (b.getBlock() != null) {
          EthBlock.Block blk = b.getBlock();
          out.put(
              blk.getNumber().longValueExact(),
              new Header(
                  blk.getNumber().longValueExact(),
                  blk.getHash(),
                  blk.getParentHash(),
                  blk.getTimestamp().longValueExact()));
        }
      }
      return out;
    } catch (IOException | RuntimeException e) {
      throw fail("eth_getBlockByNumber batch", e);
    }
  }

  /**
   * Logs of {@code addresses} over {@code [from, to]}; an answer of more than {@code maxLogs} logs
   * is a range limit (the caller halves the range).
   */
  public List<RawLog> logs(long from, long to, List<String> addresses, int maxLogs) {
    verifyChain();
    try {
      return logStream.logs(currentUrl(), from, to, addresses, maxLogs);
    } catch (IOException | RuntimeException e) {
      throw fail("eth_getLogs " + from + ".." + to, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcException(RpcException.Kind.TIMEOUT, "interrupted", e);
    }
  }

  /** {@code eth_call} returning raw hex, for the rare lookups the logs do not carry. */
  public String call(String to, String data) {
    try {
      var r =
          check(
              "eth_call",
              node()
                  .ethCall(
                      org.web3j.protocol.core.methods.request.Transaction.createEthCallTransaction(
                          null, to, data),
                      DefaultBlockParameterName.LATEST)
                  .send());
      return r.getValue();
    } catch (IOException | RuntimeException e) {
      throw fail("eth_call", e);
    }
  }

  @Override
  public void close() {
    nodes.forEach(Web3j::shutdown);
  }
}
