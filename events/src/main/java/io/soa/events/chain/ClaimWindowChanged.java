package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * The escrow's claim window after expiry changed (seconds). From UsageEscrow.ClaimWindowChanged.
 * Unsigned integers are decimal strings, addresses and hashes lower-case hex.
 */
public record ClaimWindowChanged(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String oldClaimWindow,
    String newClaimWindow)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.ClaimWindowChanged.v1";
}
