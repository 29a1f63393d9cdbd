package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * A change of a contract's admin was proposed. From LicenseToken.OwnershipTransferStarted,
 * Marketplace.OwnershipTransferStarted, UsageEscrow.OwnershipTransferStarted,
 * ModelPayees.OwnershipTransferStarted. Unsigned integers are decimal strings, addresses and hashes
 * lower-case hex.
 */
public record OwnershipTransferStarted(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String previousOwner,
    String newOwner)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.OwnershipTransferStarted.v1";
}
