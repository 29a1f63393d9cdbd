package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * A contract's treasury changed. From LicenseToken.TreasuryChanged, Marketplace.TreasuryChanged,
 * UsageEscrow.TreasuryChanged, ModelPayees.TreasuryChanged. Unsigned integers are decimal strings,
 * addresses and hashes lower-case hex.
 */
public record TreasuryChanged(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String oldTreasury,
    String newTreasury)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.TreasuryChanged.v1";
}
