package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * A licence tier was paused or resumed. From LicenseToken.TierUpdated. Unsigned integers are
 * decimal strings, addresses and hashes lower-case hex.
 */
public record TierUpdated(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String tierId,
    String modelId,
    boolean active)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.TierUpdated.v1";
}
