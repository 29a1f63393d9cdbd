package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * The model's owner changed its resale royalty. From ModelRegistry.RoyaltySet. Unsigned integers
 * are decimal strings, addresses and hashes lower-case hex.
 */
public record RoyaltySet(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String modelId,
    String royaltyBps)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.RoyaltySet.v1";
}
