package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * A payer's deposit into an x402 batch-settlement channel (X402BatchSettlement, x402's scheme):
 * amount of $SOA pulled from payer by the ERC-3009 collector into the channel's escrow. From
 * X402BatchSettlement.Deposited. Unsigned integers are decimal strings, addresses and hashes
 * lower-case hex.
 */
public record X402Deposited(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String channelId,
    String payer,
    String collector,
    String amount)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.X402Deposited.v1";
}
