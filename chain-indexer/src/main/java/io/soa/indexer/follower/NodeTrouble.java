package io.soa.indexer.follower;

import io.soa.indexer.repository.CursorRepository;
import io.soa.indexer.repository.CursorRepository.Cursor;
import io.soa.indexer.rpc.RpcClient;
import io.soa.indexer.rpc.RpcException;
import io.soa.indexer.rpc.RpcUrls;

/**
 * What the follower does when the node disagrees with what was published: a node behind the cursor
 * is waited out (on another node if there is one), inconsistent answers fail over, and a block hash
 * that changed under the cursor is a reorg ({@link ReorgHandler}).
 */
final class NodeTrouble {
  private final CommitPipeline commits;
  private final ReorgHandler reorgs;
  private final Progress progress;
  private final FollowerMetrics metrics;
  private final RpcClient rpc;
  private final CursorRepository store;
  private final long chainId;
  private final long startBlock;

  NodeTrouble(
      CommitPipeline commits,
      ReorgHandler reorgs,
      Progress progress,
      FollowerMetrics metrics,
      RpcClient rpc,
      CursorRepository store,
      long chainId,
      long startBlock) {
    this.commits = commits;
    this.reorgs = reorgs;
    this.progress = progress;
    this.metrics = metrics;
    this.rpc = rpc;
    this.store = store;
    this.chainId = chainId;
    this.startBlock = startBlock;
  }

  /**
   * A node behind what was published is lagging (or still syncing), not reorganised: a shorter
   * chain says nothing about the blocks it has not reached. Wait, on another node if there is one;
   * never retract because of it, unless the node's block at its head is not ours (a shorter
   * replacement chain: a reorg after all).
   */
  boolean nodeBehind(Cursor cur, long head) throws Exception {
    commits.drain(); // the window in the store must hold every range sent
    if (reorgs.forkedBelow(head)) {
      reorg(head);
      return true;
    }
    progress.state = FollowerStatus.State.NODE_LAGGING;
    progress.lastError =
        "node "
            + RpcUrls.redact(rpc.currentUrl())
            + " is at block "
            + head
            + ", behind the published cursor "
            + cur.blockNumber()
            + "; waiting";
    metrics.nodeLagging.increment();
    rpc.failOver("its head " + head + " is behind the published cursor " + cur.blockNumber());
    return false;
  }

  void reorg(long head) throws Exception {
    commits.drain(); // the window in the store must hold every range sent
    switch (reorgs.handle(storedCursor(), head)) {
      case ReorgHandler.RolledBack r -> {
        metrics.reorgs.increment();
        progress.lastReorg = r.reorg();
      }
      case ReorgHandler.Halted h -> {
        progress.haltedReason = h.reason();
        progress.state = FollowerStatus.State.HALTED;
      }
    }
  }

  /**
   * A node answering from two branches (a load balancer over unsynced nodes) or missing a block it
   * claims: counted, the next node is tried, and the loop backs off instead of asking the same node
   * again at once.
   */
  RpcException inconsistent(String problem) {
    metrics.nodeInconsistent.increment();
    String url = RpcUrls.redact(rpc.currentUrl());
    rpc.failOver("inconsistent answers: " + problem);
    return new RpcException(
        RpcException.Kind.INCONSISTENT,
        "node " + url + " gave inconsistent answers: " + problem,
        null);
  }

  private Cursor storedCursor() {
    return store.load(chainId).orElse(new Cursor(startBlock - 1, null, null, null));
  }
}
