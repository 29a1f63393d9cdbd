package io.soa.indexer.follower;

import io.soa.indexer.repository.CursorRepository;
import io.soa.indexer.repository.CursorRepository.Cursor;
import io.soa.indexer.rpc.RpcClient;
import io.soa.indexer.rpc.RpcClient.Header;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * An operator's replay or resume, asked from any thread and taken by the follower's next step,
 * which applies it to the stored cursor once every pending commit is done.
 */
final class OperatorCommands {
  private static final Logger LOG = Logger.getLogger(OperatorCommands.class);

  sealed interface Command permits Replay, Resume {}

  record Replay(long fromBlock) implements Command {}

  record Resume() implements Command {}

  private final AtomicReference<Command> pending = new AtomicReference<>();
  private final long chainId;
  private final long startBlock;

  OperatorCommands(long chainId, long startBlock) {
    this.chainId = chainId;
    this.startBlock = startBlock;
  }

  void replay(long fromBlock) {
    pending.set(new Replay(fromBlock));
  }

  void resume() {
    pending.set(new Resume());
  }

  /** The command asked since the last step, if any (the newest wins). */
  Command take() {
    return pending.getAndSet(null);
  }

  /** Moves the stored cursor as {@code cmd} says and returns it (never halted). */
  Cursor apply(Command cmd, Cursor cur, RpcClient rpc, CursorRepository store) {
    switch (cmd) {
      case Replay r -> {
        long back = Math.max(startBlock, r.fromBlock()) - 1;
        Header h = back >= 0 ? rpc.header(back) : null;
        Cursor c =
            new Cursor(back, h == null ? null : h.hash(), h == null ? null : h.timestamp(), null);
        store.rollBack(chainId, c, List.of());
        LOG.infof("replaying from block %d", back + 1);
        return c;
      }
      case Resume r -> {
        // The operator accepts the node's chain: re-anchor the cursor on it. Events already
        // published from orphaned blocks stay; replay from the fork to re-publish its branch.
        Header h = rpc.header(cur.blockNumber());
        Cursor c =
            new Cursor(cur.blockNumber(), h == null ? null : h.hash(), cur.blockTime(), null);
        store.rollBack(chainId, c, List.of());
        LOG.warnf("resumed at block %d by an operator", cur.blockNumber());
        return c;
      }
    }
  }
}
