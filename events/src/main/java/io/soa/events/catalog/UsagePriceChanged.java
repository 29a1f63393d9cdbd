package io.soa.events.catalog;

import io.soa.events.SoaEvent;

/**
 * A feature's on-chain pay-per-use price changed (or a change was retracted by a reorg, {@code
 * reverted}). Prices are decimal strings of $SOA base units; "0" means no price. {@code featureId}
 * is the catalog feature whose keccak-256 is {@code feature}, when known.
 */
public record UsagePriceChanged(
    String modelId,
    long chainId,
    String feature,
    String featureId,
    String previousPricePerCall,
    String pricePerCall,
    String txHash,
    long blockNumber,
    boolean reverted)
    implements SoaEvent {

  public static final String TYPE = "soa.catalog.UsagePriceChanged.v1";

  @Override
  public String subject() {
    return modelId;
  }
}
