package io.soa.indexer.follower;

/**
 * How many blocks the next {@code eth_getLogs} asks for. It aims at about {@link #TARGET_LOGS} logs
 * per request (big enough to amortize a round trip, small in memory), grows at most twofold and
 * only after a fast answer, halves after a slow answer or a timeout, and after a node refused a
 * range stays at or below the refused half for a minute. Not thread-safe: the follower's thread
 * owns it; {@link #blocks()} may be read from any thread.
 */
final class RangeSizer {
  /** Logs per request the size adapts towards. */
  static final int TARGET_LOGS = 10_000;

  private static final long CEILING_MILLIS = 60_000;

  private final int maxRange;
  private volatile int range;
  private int ceiling = Integer.MAX_VALUE;
  private long ceilingUntil;

  RangeSizer(int initialRange, int maxRange) {
    this.maxRange = maxRange;
    this.range = Math.max(1, Math.min(initialRange, maxRange));
  }

  /** The size of the next range, in blocks. */
  int blocks() {
    return range;
  }

  /** The node refused a range this size: halve, and do not grow back into it for a while. */
  void refused(long nowMillis) {
    range = Math.max(1, range / 2);
    ceiling = range;
    ceilingUntil = nowMillis + CEILING_MILLIS;
  }

  /** The node timed out: halve. */
  void timedOut() {
    range = Math.max(1, range / 2);
  }

  /**
   * Sizes the next range from the one just done: {@code blocks} long, {@code logs} logs, answered
   * in {@code millis}. A range cut short by the head says nothing and changes nothing.
   */
  void adapt(long blocks, int logs, long millis, long nowMillis) {
    if (blocks < range) {
      return;
    }
    long next;
    if (millis > 5_000) {
      next = range / 2;
    } else if (logs == 0) {
      next = millis < 1_000 ? range * 2L : range;
    } else {
      next = Math.min(range * 2L, Math.max(1, range * (long) TARGET_LOGS / logs));
      if (millis >= 1_000) {
        next = Math.min(next, range);
      }
    }
    int cap = nowMillis < ceilingUntil ? ceiling : maxRange;
    range = (int) Math.max(1, Math.min(Math.min(maxRange, cap), next));
  }
}
