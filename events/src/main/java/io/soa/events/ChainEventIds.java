package io.soa.events;

/**
 * The ids of chain events on the topics (DESIGN §4), written once: a log is {@code
 * chainId:txHash:logIndex} (with its block hash appended when that log was retracted before and
 * came back in another block), its retraction {@code <id>:removed:<blockHash>}, a reorg notice
 * {@code chainId:reorg:<oldTipHash>:<forkBlock>}. Consumers' inboxes key on them.
 */
public final class ChainEventIds {
  private static final String REMOVED = ":removed:";

  private ChainEventIds() {}

  /** The id of a log as first published. */
  public static String ofLog(long chainId, String txHash, long logIndex) {
    return chainId + ":" + txHash + ":" + logIndex;
  }

  /** The id of a log mined again in block {@code blockHash} after its retraction. */
  public static String ofReturn(String baseId, String blockHash) {
    return baseId + ":" + blockHash;
  }

  /** The id of the retraction of the published event {@code eventId}. */
  public static String ofRetraction(String eventId, String blockHash) {
    return eventId + REMOVED + blockHash;
  }

  /** The id of a reorg: the old tip's hash and the fork point name it. */
  public static String ofReorg(long chainId, String oldTipHash, long forkBlock) {
    return chainId + ":reorg:" + oldTipHash + ":" + forkBlock;
  }

  /** Whether {@code id} is a retraction's. */
  public static boolean isRetraction(String id) {
    return id.contains(REMOVED);
  }

  /** The id of the event a retraction takes back; {@code id} itself when it is none. */
  public static String retracted(String id) {
    int i = id.indexOf(REMOVED);
    return i < 0 ? id : id.substring(0, i);
  }

  /** {@code chainId:txHash:logIndex} of a published id (which may carry a block hash). */
  public static String base(String eventId) {
    String[] parts = eventId.split(":");
    return parts[0] + ":" + parts[1] + ":" + parts[2];
  }
}
