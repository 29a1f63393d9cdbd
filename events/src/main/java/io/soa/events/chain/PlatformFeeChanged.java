package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * A contract's platform fee changed (basis points). From LicenseToken.PlatformFeeChanged,
 * Marketplace.PlatformFeeChanged, UsageEscrow.PlatformFeeChanged, ModelPayees.PlatformFeeChanged.
 * Unsigned integers are decimal strings, addresses and hashes lower-case hex.
 */
public record PlatformFeeChanged(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String oldFeeBps,
    String newFeeBps)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.PlatformFeeChanged.v1";
}
