package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * A channel got more deposit and/or a later expiry. From UsageEscrow.ChannelExtended. Unsigned
 * integers are decimal strings, addresses and hashes lower-case hex.
 */
public record ChannelExtended(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String channelId,
    String added,
    String deposit,
    String expiresAt)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.ChannelExtended.v1";
}
