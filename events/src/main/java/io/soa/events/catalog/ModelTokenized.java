package io.soa.events.catalog;

import io.soa.events.SoaEvent;

/**
 * The catalog saw the model's token minted on-chain.
 *
 * @param modelId the catalog model id (UUID)
 * @param tokenId the on-chain model (token) id, decimal
 */
public record ModelTokenized(
    String modelId,
    long chainId,
    String contract,
    String tokenId,
    String owner,
    String txHash,
    long blockNumber)
    implements SoaEvent {

  public static final String TYPE = "soa.catalog.ModelTokenized.v1";

  @Override
  public String subject() {
    return modelId;
  }
}
