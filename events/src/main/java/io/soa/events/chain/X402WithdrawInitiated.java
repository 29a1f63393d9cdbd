package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * A payer started the timed withdrawal of amount from an x402 batch-settlement channel; the
 * receiver side has the channel's withdraw delay to claim first. From
 * X402BatchSettlement.WithdrawInitiated. Unsigned integers are decimal strings, addresses and
 * hashes lower-case hex.
 */
public record X402WithdrawInitiated(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String channelId,
    String amount,
    String initiatedAt)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.X402WithdrawInitiated.v1";
}
