package io.soa.events.catalog;

import io.soa.events.SoaEvent;

/**
 * The model token changed hands on-chain, or such a transfer was retracted by a reorg ({@code
 * reverted}: {@code owner} is then the owner restored).
 */
public record ModelOwnerChanged(
    String modelId,
    long chainId,
    String tokenId,
    String previousOwner,
    String owner,
    String txHash,
    long blockNumber,
    boolean reverted)
    implements SoaEvent {

  public static final String TYPE = "soa.catalog.ModelOwnerChanged.v1";

  @Override
  public String subject() {
    return modelId;
  }
}
