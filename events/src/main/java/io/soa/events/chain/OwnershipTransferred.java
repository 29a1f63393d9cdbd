package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * A contract's admin changed. From LicenseToken.OwnershipTransferred,
 * Marketplace.OwnershipTransferred, UsageEscrow.OwnershipTransferred,
 * ModelPayees.OwnershipTransferred. Unsigned integers are decimal strings, addresses and hashes
 * lower-case hex.
 */
public record OwnershipTransferred(
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

  public static final String TYPE = "soa.chain.OwnershipTransferred.v1";
}
