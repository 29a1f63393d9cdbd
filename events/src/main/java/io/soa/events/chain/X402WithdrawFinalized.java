package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * A timed withdrawal of an x402 batch-settlement channel completed: amount of what was still
 * unclaimed back to payer. From X402BatchSettlement.WithdrawFinalized. Unsigned integers are
 * decimal strings, addresses and hashes lower-case hex.
 */
public record X402WithdrawFinalized(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String channelId,
    String payer,
    String amount)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.X402WithdrawFinalized.v1";
}
