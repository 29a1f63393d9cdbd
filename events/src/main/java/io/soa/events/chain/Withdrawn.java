package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * Unlocked $SOA was withdrawn from the escrow. From UsageEscrow.Withdrawn. Unsigned integers are
 * decimal strings, addresses and hashes lower-case hex.
 */
public record Withdrawn(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String account,
    String amount,
    String balance)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.Withdrawn.v1";
}
