package io.soa.catalog.api;

import java.util.List;

/**
 * What the market API answers: listings, sales, a model's market and its licence tiers. Amounts are
 * decimal strings of $SOA base units, times ISO 8601 (UTC) block times.
 */
public final class MarketViews {
  private MarketViews() {}

  /**
   * A marketplace listing. {@code kind} is {@code model} (the model token) or {@code license} (a
   * licence token); {@code modelId} the catalog model, null while unknown; {@code sellerHolds}
   * false when the seller no longer holds the token, so the marketplace would refuse to sell it.
   */
  public record Listing(
      String listingId,
      long chainId,
      String marketplace,
      String kind,
      String collection,
      String tokenId,
      String modelId,
      String seller,
      String price,
      String status,
      boolean sellerHolds,
      String listedAt,
      String listedTx,
      long listedBlock,
      String closedAt) {}

  /** One page of listings; {@code nextCursor} is null on the last. */
  public record ListingPage(List<Listing> items, String nextCursor) {}

  /** A sale on the marketplace: royalty to the model's owner, fee to the treasury. */
  public record Sale(
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
      String soldAt) {}

  /**
   * A model's market: its token's open listing, its licences' open listings (cheapest first), the
   * floor price of those whose seller still holds them, its last sale and its sales, newest first.
   */
  public record Market(
      String modelId,
      String tokenId,
      Listing modelListing,
      List<Listing> licenseListings,
      String licenseFloorPrice,
      Sale lastSale,
      List<Sale> sales) {}

  /**
   * A licence tier from the chain. {@code features} are the catalog feature ids it covers (a key
   * with no catalog feature stays as its keccak-256); none means every feature. {@code supplyLeft}
   * is null for an unlimited tier. {@code terms} is the document's URL, or {@code terms not
   * published} while no document with the tier's digest was uploaded.
   */
  public record Tier(
      String tierId,
      String price,
      String durationSeconds,
      String callQuota,
      long maxSupply,
      long sold,
      Long supplyLeft,
      boolean transferable,
      boolean active,
      List<String> features,
      String termsDigest,
      boolean termsPublished,
      String terms) {}
}
