package io.soa.indexer.follower;

/** A snapshot of the follower for /v1/status; its state as readiness reads it. */
public record FollowerStatus(
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
    String rpcUrl) {
  /** What the follower is doing, as /v1/status and readiness report it. */
  public enum State {
    STARTING,
    /** Another replica leads (holds the lock); this one takes over when it dies. */
    STANDBY,
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
}
