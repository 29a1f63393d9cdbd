package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * A model token was minted for a catalog entry. From ModelRegistry.ModelTokenized. Unsigned
 * integers are decimal strings, addresses and hashes lower-case hex.
 */
public record ModelTokenized(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String modelId,
    String catalogId,
    String owner,
    String metadataUri,
    String artifactDigest,
    String royaltyBps)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.ModelTokenized.v1";
}
