package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * An expired channel was closed and the rest refunded to the payer. From UsageEscrow.ChannelClosed.
 * Unsigned integers are decimal strings, addresses and hashes lower-case hex.
 */
public record ChannelClosed(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String channelId,
    String payer,
    String refund,
    String claimed)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.ChannelClosed.v1";
}
