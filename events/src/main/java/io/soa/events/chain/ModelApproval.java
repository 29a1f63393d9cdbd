package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * ERC-721 approval of one model token. From ModelRegistry.Approval. Unsigned integers are decimal
 * strings, addresses and hashes lower-case hex.
 */
public record ModelApproval(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String owner,
    String approved,
    String tokenId)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.ModelApproval.v1";
}
