package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * An x402 batch-settlement channel's voucher claimed: amount more of its escrow is receiver's (to
 * be settled), totalClaimed in all. Accounting only: settle moves the tokens. From
 * X402BatchSettlement.Claimed. Unsigned integers are decimal strings, addresses and hashes
 * lower-case hex.
 */
public record X402Claimed(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String channelId,
    String receiver,
    String amount,
    String totalClaimed)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.X402Claimed.v1";
}
