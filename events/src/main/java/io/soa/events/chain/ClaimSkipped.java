package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * An entry of a claim batch paid nothing; reason is the selector of the error. From
 * UsageEscrow.ClaimSkipped. Unsigned integers are decimal strings, addresses and hashes lower-case
 * hex.
 */
public record ClaimSkipped(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String channelId,
    String reason)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.ClaimSkipped.v1";
}
