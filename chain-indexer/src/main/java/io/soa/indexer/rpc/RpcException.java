package io.soa.indexer.rpc;

import java.util.Locale;

/** A failed JSON-RPC call, classified so the follower knows whether to shrink, wait or switch. */
public class RpcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** The node refused the block range or result size: ask for fewer blocks. */
    RANGE_LIMIT,
    /** HTTP 429 or a rate-limit error: back off. */
    RATE_LIMITED,
    /** No answer in time. */
    TIMEOUT,
    /** Connection refused, 5xx, broken response. */
    UNAVAILABLE,
    /** The node is on another chain than the configured one. */
    WRONG_CHAIN,
    /** The node's answers contradict each other (two branches, a block it claims but lacks). */
    INCONSISTENT,
    /** Any other JSON-RPC error. */
    OTHER
  }

  private final Kind kind;

  public RpcException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * Classifies a JSON-RPC error message by the wording of common nodes (geth, erigon, infura,
   * alchemy, anvil).
   */
  public static Kind classify(int code, String message) {
    String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
    if (m.contains("rate limit")
        || m.contains("429")
        || m.contains("too many requests")
        || m.contains("capacity")) {
      return Kind.RATE_LIMITED;
    }
    if (m.contains("too many")
        || m.contains("more than")
        || m.contains("limit exceeded")
        || m.contains("response size")
        || m.contains("block range")
        || m.contains("range is too")
        || m.contains("exceed")
        || m.contains("too large")
        || code == -32005) {
      return Kind.RANGE_LIMIT;
    }
    if (m.contains("timeout") || m.contains("timed out")) {
      return Kind.TIMEOUT;
    }
    return Kind.OTHER;
  }
}
