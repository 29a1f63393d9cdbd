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

  /** The deterministic CloudEvent id of this log. */
  default String eventId() {
    return chainId() + ":" + txHash() + ":" + logIndex();
  }
}
