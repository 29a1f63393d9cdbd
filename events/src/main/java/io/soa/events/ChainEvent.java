package io.soa.events;

/**
 * An event decoded from a contract log. Its CloudEvent id is {@code chainId:txHash:logIndex};
 * {@code removed} is true on the retraction of a log whose block left the canonical chain.
 */
public interface ChainEvent extends SoaEvent {
  long chainId();

  long blockNumber();

  String blockHash();

  String txHash();

  long logIndex();

  boolean removed();

  /** The contract that emitted the log. */
  String contract();

  /**
   * Chain events are published with the partition key of their topic as CloudEvents subject (DESIGN
   * §4), chosen by the indexer; as data alone their natural subject is the contract.
   */
  @Override
  default String subject() {
    return contract();
  }

  /**
   * The deterministic CloudEvent id: {@code chainId:txHash:logIndex}; a retraction gets {@code
   * chainId:txHash:logIndex:removed:blockHash}, so consumers' inboxes apply it (and a retraction of
   * the log from another orphaned block) as an event of its own.
   */
  default String eventId() {
    String id = ChainEventIds.ofLog(chainId(), txHash(), logIndex());
    return removed() ? ChainEventIds.ofRetraction(id, blockHash()) : id;
  }
}
