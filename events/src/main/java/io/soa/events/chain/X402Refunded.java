package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * A cooperative refund of an x402 batch-settlement channel: amount of its unclaimed escrow back to
 * payer, under refund nonce nonce. From X402BatchSettlement.Refunded. Unsigned integers are decimal
 * strings, addresses and hashes lower-case hex.
 */
public record X402Refunded(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String channelId,
    String payer,
    String amount,
    String nonce)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.X402Refunded.v1";
}
