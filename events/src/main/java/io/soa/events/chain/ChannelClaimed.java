package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * A voucher was claimed: paid - fee went to the payee (the model owner), fee to the treasury. From
 * UsageEscrow.ChannelClaimed. Unsigned integers are decimal strings, addresses and hashes
 * lower-case hex.
 */
public record ChannelClaimed(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String channelId,
    String modelId,
    String payee,
    String cumulativeAmount,
    String paid,
    String fee)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.ChannelClaimed.v1";
}
