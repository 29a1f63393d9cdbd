package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * $SOA was deposited into the escrow. From UsageEscrow.Deposited. Unsigned integers are decimal
 * strings, addresses and hashes lower-case hex.
 */
public record Deposited(
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

  public static final String TYPE = "soa.chain.Deposited.v1";
}
