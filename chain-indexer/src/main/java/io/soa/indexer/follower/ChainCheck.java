package io.soa.indexer.follower;

import io.soa.indexer.repository.CursorRepository.BlockHash;
import io.soa.indexer.repository.CursorRepository.Cursor;
import io.soa.indexer.rpc.RawLog;
import io.soa.indexer.rpc.RpcClient.Header;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** What the follower checks about a node's answers before it publishes or retracts anything. */
final class ChainCheck {
  private ChainCheck() {}

  /**
   * The blocks whose headers a range {@code [from, to]} needs: both ends, every block with a log,
   * and every block within the reorg window (from {@code keepFrom}), whose hashes the commit stores
   * so that a later fork finds its fork point.
   */
  static List<Long> headersNeeded(long from, long to, long keepFrom, List<RawLog> logs) {
    TreeSet<Long> needed = new TreeSet<>();
    needed.add(from);
    needed.add(to);
    for (RawLog l : logs) {
      needed.add(l.blockNumber());
    }
    for (long b = Math.max(from, keepFrom); b <= to; b++) {
      needed.add(b);
    }
    return List.copyOf(needed);
  }

  /**
   * Empty when the logs and headers describe one chain that extends the cursor (every log's block
   * hash is its header's, the first new block's parent is the cursor's block, and every header the
   * step stores is there); otherwise what is wrong, for the status and the log.
   */
  static Optional<String> inconsistency(
      Cursor cur, long from, long to, long keepFrom, List<RawLog> logs, Map<Long, Header> headers) {
    for (long b = Math.max(from, keepFrom); b <= to; b++) {
      if (!headers.containsKey(b)) {
        return Optional.of("it has no header for block " + b + " of the range " + from + ".." + to);
      }
    }
    if (!headers.containsKey(from) || !headers.containsKey(to)) {
      return Optional.of("it has no header for block " + (headers.containsKey(from) ? to : from));
    }
    if (cur.hasHash() && !headers.get(from).parentHash().equals(cur.blockHash())) {
      return Optional.of(
          "block "
              + from
              + " does not extend the published block "
              + cur.blockNumber()
              + " (a reorg is checked at the next step)");
    }
    for (RawLog l : logs) {
      Header h = headers.get(l.blockNumber());
      if (h == null || !h.hash().equalsIgnoreCase(l.blockHash())) {
        return Optional.of(
            "a log of block "
                + l.blockNumber()
                + " names block hash "
                + l.blockHash()
                + ", its header "
                + (h == null ? "is missing" : h.hash()));
      }
    }
    for (long b = from + 1; b <= to; b++) {
      Header h = headers.get(b);
      Header p = headers.get(b - 1);
      if (h != null && p != null && !h.parentHash().equals(p.hash())) {
        return Optional.of("block " + b + " does not extend block " + (b - 1));
      }
    }
    return Optional.empty();
  }

  /**
   * The newest stored block whose hash the node still has at that height: where its chain and the
   * published one part. Empty when none of them is on the node's chain (a fork deeper than the
   * window).
   *
   * @param stored the recent block hashes, newest first
   * @param node the node's headers at those heights
   */
  static Optional<BlockHash> forkPoint(List<BlockHash> stored, Map<Long, Header> node) {
    for (BlockHash h : stored) {
      Header n = node.get(h.number());
      if (n != null && n.hash().equals(h.hash())) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }
}
