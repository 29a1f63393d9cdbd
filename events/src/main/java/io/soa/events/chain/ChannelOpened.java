package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * A pay-per-use channel was opened. From UsageEscrow.ChannelOpened. Unsigned integers are decimal
 * strings, addresses and hashes lower-case hex.
 */
public record ChannelOpened(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String channelId,
    String payer,
    String modelId,
    String signer,
    String deposit,
    String expiresAt)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.ChannelOpened.v1";
}
