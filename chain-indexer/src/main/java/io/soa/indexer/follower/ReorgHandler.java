package io.soa.indexer.follower;

import io.soa.events.chain.ChainReorganized;
import io.soa.indexer.repository.CursorRepository;
import io.soa.indexer.repository.CursorRepository.BlockHash;
import io.soa.indexer.repository.CursorRepository.Cursor;
import io.soa.indexer.repository.CursorRepository.Published;
import io.soa.indexer.rpc.RpcClient;
import io.soa.indexer.rpc.RpcClient.Header;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Undoes what was published from blocks the node no longer has: finds the fork point among the
 * recent block hashes, publishes {@code ChainReorganized} and the retraction of every event above
 * it, and only then rolls the cursor back (a crash in between re-sends the same ids). A fork deeper
 * than the reorg window halts publishing until an operator resumes.
 */
final class ReorgHandler {
  private static final Logger LOG = Logger.getLogger(ReorgHandler.class);

  /** What a reorg did: rolled back to a fork point, or halted. */
  sealed interface Outcome permits RolledBack, Halted {}

  record RolledBack(FollowerStatus.Reorg reorg) implements Outcome {}

  record Halted(String reason) implements Outcome {}

  private final long chainId;
  private final long reorgWindow;
  private final CursorRepository store;
  private final RpcClient rpc;
  private final RangePublisher publisher;

  ReorgHandler(
      long chainId,
      long reorgWindow,
      CursorRepository store,
      RpcClient rpc,
      RangePublisher publisher) {
    this.chainId = chainId;
    this.reorgWindow = reorgWindow;
    this.store = store;
    this.rpc = rpc;
    this.publisher = publisher;
  }

  /**
   * True when the node's block {@code head} is not the one published at that height: its chain
   * forked below our cursor (and is shorter). False when it matches, or when that height has left
   * the window: then the node is only behind.
   */
  boolean forkedBelow(long head) {
    for (BlockHash h : store.hashesDescending(chainId)) {
      if (h.number() == head) {
        Header n = rpc.header(head);
        return n == null || !n.hash().equals(h.hash());
      }
    }
    return false;
  }

  /** Rolls the stored cursor {@code cur} back to where the node's chain (at {@code head}) forks. */
  Outcome handle(Cursor cur, long head) throws Exception {
    List<BlockHash> stored = store.hashesDescending(chainId);
    Map<Long, Header> nodeHeaders =
        rpc.headers(stored.stream().map(BlockHash::number).filter(n -> n <= head).toList());
    Optional<BlockHash> forkPoint = ChainCheck.forkPoint(stored, nodeHeaders);
    if (forkPoint.isEmpty()) {
      String reason =
          "fork deeper than the reorg window ("
              + reorgWindow
              + " blocks): none of the "
              + stored.size()
              + " recent block hashes below "
              + cur.blockNumber()
              + " is on the node's chain; resume with POST /v1/admin/resume";
      LOG.error(reason);
      store.setHalted(chainId, cur, reason);
      return new Halted(reason);
    }
    BlockHash fork = forkPoint.get();
    List<Published> retract = store.publishedAbove(chainId, fork.number());
    String now = OffsetDateTime.now(ZoneOffset.UTC).toString();
    long depth = cur.blockNumber() - fork.number();
    publisher.retract(
        new ChainReorganized(
            chainId,
            fork.number(),
            fork.hash(),
            cur.blockNumber(),
            cur.blockHash(),
            head,
            depth,
            retract.size(),
            now),
        EventIds.ofReorg(chainId, cur.blockHash(), fork.number()),
        retract);
    List<String> baseIds = retract.stream().map(p -> EventIds.base(p.eventId())).toList();
    store.rollBack(chainId, new Cursor(fork.number(), fork.hash(), null, null), baseIds);
    publisher.retracted(baseIds);
    LOG.warnf(
        "reorg: rolled back %d block(s) from %d to fork point %d, retracted %d event(s)",
        depth, cur.blockNumber(), fork.number(), retract.size());
    return new RolledBack(
        new FollowerStatus.Reorg(fork.number(), cur.blockNumber(), depth, retract.size(), now));
  }
}
