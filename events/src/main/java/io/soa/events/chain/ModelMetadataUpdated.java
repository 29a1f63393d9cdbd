package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * The model's owner changed its metadata URI and artifact digest. From
 * ModelRegistry.ModelMetadataUpdated. Unsigned integers are decimal strings, addresses and hashes
 * lower-case hex.
 */
public record ModelMetadataUpdated(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String modelId,
    String metadataUri,
    String artifactDigest)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.ModelMetadataUpdated.v1";
}
