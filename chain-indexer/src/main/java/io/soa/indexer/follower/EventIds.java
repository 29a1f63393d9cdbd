package io.soa.indexer.follower;

import java.util.Set;

/**
 * The deterministic ids of what the follower publishes (DESIGN §4): the same log always gets the
 * same id, so a re-send after a crash is a duplicate consumers drop, while a log retracted by a
 * reorg and mined again in another block gets a new one.
 */
final class EventIds {
  private EventIds() {}

  /**
   * The id of a log: {@code chainId:txHash:logIndex}, with its block hash appended when that log
   * was retracted before (it came back in another block).
   */
  static String ofLog(String baseId, String blockHash, Set<String> retracted) {
    return retracted.contains(baseId) ? baseId + ":" + blockHash : baseId;
  }

  /** The id of the retraction of a published event. */
  static String ofRemoval(String eventId, String blockHash) {
    return eventId + ":removed:" + blockHash;
  }

  /** The id of a reorg: the old tip's hash and the fork point name it. */
  static String ofReorg(long chainId, String oldTipHash, long forkBlock) {
    return chainId + ":reorg:" + oldTipHash + ":" + forkBlock;
  }

  /** {@code chainId:txHash:logIndex} of a published id (which may carry a block hash). */
  static String base(String eventId) {
    String[] parts = eventId.split(":");
    return parts[0] + ":" + parts[1] + ":" + parts[2];
  }
}
