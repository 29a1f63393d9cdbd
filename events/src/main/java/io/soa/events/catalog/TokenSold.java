package io.soa.events.catalog;

import io.soa.events.SoaEvent;

/**
 * A model token or licence token sold on the marketplace, or such a sale retracted by a reorg
 * ({@code reverted}): the buyer paid {@code price}, of which {@code royalty} went to the model's
 * owner and {@code fee} to the treasury, the rest to the seller. {@code blockTime} is the block's
 * timestamp. Amounts are decimal strings of $SOA base units.
 */
public record TokenSold(
    String modelId,
    long chainId,
    String marketplace,
    String listingId,
    String kind,
    String collection,
    String tokenId,
    String seller,
    String buyer,
    String price,
    String royaltyReceiver,
    String royalty,
    String fee,
    String txHash,
    long blockNumber,
    String blockTime,
    boolean reverted)
    implements SoaEvent {

  public static final String TYPE = "soa.catalog.TokenSold.v1";

  @Override
  public String subject() {
    return collection + ":" + tokenId;
  }
}
