package io.soa.events.catalog;

import io.soa.events.SoaEvent;

/**
 * A marketplace listing of a model token or a licence token, as the catalog now shows it: opened
 * ({@code active}), {@code cancelled} or {@code sold}, or {@code retracted} (its Listed event was
 * reorged away); a retracted cancellation or sale makes it {@code active} again. {@code modelId} is
 * the catalog model whose token (or licence) is listed, null while the catalog does not know it.
 * Amounts are decimal strings of $SOA base units.
 */
public record ListingChanged(
    String modelId,
    long chainId,
    String marketplace,
    String listingId,
    String kind,
    String collection,
    String tokenId,
    String seller,
    String price,
    String status,
    String txHash,
    long blockNumber)
    implements SoaEvent {

  public static final String TYPE = "soa.catalog.ListingChanged.v1";

  @Override
  public String subject() {
    return collection + ":" + tokenId;
  }
}
