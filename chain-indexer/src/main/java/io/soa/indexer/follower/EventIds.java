package io.soa.indexer.follower;

import io.soa.events.ChainEventIds;
import java.util.Set;

/**
 * The deterministic ids of what the follower publishes ({@link ChainEventIds}): the same log always
 * gets the same id, so a re-send after a crash is a duplicate consumers drop, while a log retracted
 * by a reorg and mined again in another block gets a new one.
 */
final class EventIds {
  private EventIds() {}

  /** The id of a log, with its block hash appended when that log was retracted before. */
  static String ofLog(String baseId, String blockHash, Set<String> retracted) {
    return retracted.contains(baseId) ? ChainEventIds.ofReturn(baseId, blockHash) : baseId;
  }

  static String ofRemoval(String eventId, String blockHash) {
    return ChainEventIds.ofRetraction(eventId, blockHash);
  }

  static String ofReorg(long chainId, String oldTipHash, long forkBlock) {
    return ChainEventIds.ofReorg(chainId, oldTipHash, forkBlock);
  }

  static String base(String eventId) {
    return ChainEventIds.base(eventId);
  }
}
