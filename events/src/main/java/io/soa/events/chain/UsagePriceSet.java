package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * The model's owner set the per-call price of a feature (0 removes it). From
 * ModelRegistry.UsagePriceSet. Unsigned integers are decimal strings, addresses and hashes
 * lower-case hex.
 */
public record UsagePriceSet(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String modelId,
    String feature,
    String pricePerCall)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.UsagePriceSet.v1";
}
