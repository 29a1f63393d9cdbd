package io.soa.indexer.follower;

import io.soa.indexer.follower.FollowerStatus.Reorg;
import io.soa.indexer.follower.FollowerStatus.State;
import io.soa.indexer.rpc.RpcException;
import java.time.Instant;

/**
 * Where the follower is, as {@code /v1/status}, readiness and the gauges read it: written by the
 * follower's and the committer's threads, read from any.
 */
final class Progress {
  volatile State state = State.STARTING;
  volatile long head = -1;

  /** The last block whose events are all acknowledged and stored. */
  volatile long cursorBlock = -1;

  volatile Long cursorTime;
  volatile String lastError;
  volatile String haltedReason;
  volatile Reorg lastReorg;

  /** The stored cursor moved to {@code block} (of time {@code time}, when known). */
  void stored(long block, Long time) {
    cursorBlock = block;
    cursorTime = time;
  }

  /**
   * Records a failed step: its error, and the state its kind of failure means (an inconsistent node
   * or a refused range size leaves the state as it was; a halt stays a halt).
   */
  RpcException.Kind failed(Exception e) {
    lastError = e.toString();
    RpcException.Kind kind = e instanceof RpcException re ? re.kind() : null;
    if (kind == RpcException.Kind.WRONG_CHAIN) {
      state = State.WRONG_CHAIN;
    } else if (kind != RpcException.Kind.INCONSISTENT
        && kind != RpcException.Kind.RANGE_LIMIT
        && state != State.HALTED) {
      state = State.NODE_UNREACHABLE;
    }
    return kind;
  }

  long lagBlocks() {
    return head < 0 || cursorBlock < 0 ? 0 : Math.max(0, head - cursorBlock);
  }

  long lagSeconds() {
    Long time = cursorTime;
    return time == null || lagBlocks() == 0
        ? 0
        : Math.max(0, Instant.now().getEpochSecond() - time);
  }
}
