package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * {@code ModelRegistry.ModelTokenized}: a model token was minted for a catalog entry.
 *
 * @param modelId the on-chain model (token) id, decimal
 * @param catalogId the catalog UUID as bytes32 hex (16 bytes left-padded with zeros)
 * @param owner the address the token was minted to
 * @param artifactDigest bytes32 hex of the model artifact's sha256
 * @param royaltyBps royalty on resales in basis points
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
    int royaltyBps)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.ModelTokenized.v1";

  @Override
  public String subject() {
    return modelId;
  }
}
