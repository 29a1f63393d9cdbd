package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * ERC-721 operator approval over all model tokens of an owner. From ModelRegistry.ApprovalForAll.
 * Unsigned integers are decimal strings, addresses and hashes lower-case hex.
 */
public record ModelApprovalForAll(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String owner,
    String operator,
    boolean approved)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.ModelApprovalForAll.v1";
}
