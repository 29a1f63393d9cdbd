package io.soa.catalog.repository;

import io.smallrye.mutiny.Uni;
import io.soa.events.ChainEvent;
import io.soa.events.chain.Sold;
import io.soa.platform.persistence.Rows;
import io.soa.platform.types.Address;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

/**
 * Listings and sales as the marketplace made them (market_listing, market_sale), rows keyed by the
 * event that made them (a closed listing by the event that closed it), so a retraction removes or
 * reopens exactly what its event did; in the market mirror's transaction.
 */
public final class MarketRows {
  private MarketRows() {}

  /** A listing as the marketplace names it. */
  public record Ref(
      long chainId, String marketplace, String listingId, String collection, String tokenId) {
    public static Ref of(ChainEvent e, String listingId, String collection, String tokenId) {
      return new Ref(
          e.chainId(),
          Address.of(e.contract()).value(),
          listingId,
          Address.of(collection).value(),
          tokenId);
    }
  }

  /** A listing row: the event that made it, its model token, seller and price. */
  public record Listing(String eventId, String modelToken, String seller, String price) {}

  public static Uni<Void> insertListing(
      SqlConnection tx,
      String id,
      Ref ref,
      String kind,
      String modelToken,
      String seller,
      String price,
      String txHash,
      long block,
      OffsetDateTime time) {
    return tx.preparedQuery(
            "INSERT INTO market_listing (event_id, chain_id, marketplace, listing_id, kind,"
                + " collection, token_id, model_token_id, seller, price, status, listed_tx,"
                + " listed_block, listed_at) VALUES ($1, $2, $3, $4::text::numeric, $5, $6,"
                + " $7::text::numeric, $8::text::numeric, $9, $10::text::numeric, 'active', $11,"
                + " $12, $13)")
        .execute(
            Tuple.from(
                Arrays.asList(
                    id,
                    ref.chainId(),
                    ref.marketplace(),
                    ref.listingId(),
                    kind,
                    ref.collection(),
                    ref.tokenId(),
                    modelToken,
                    seller,
                    price,
                    txHash.toLowerCase(Locale.ROOT),
                    block,
                    time)))
        .replaceWithVoid();
  }

  /**
   * Closes the open listing a cancellation or sale names (matched on collection and token too:
   * after a reorg another fork may have used the listing id); null when none is open.
   */
  public static Uni<Listing> close(
      SqlConnection tx, String id, OffsetDateTime time, Ref ref, String status) {
    return tx.preparedQuery(
            "UPDATE market_listing SET status = $1, closed_by = $2, closed_at = $3 WHERE event_id"
                + " = (SELECT event_id FROM market_listing WHERE chain_id = $4 AND marketplace ="
                + " $5 AND listing_id = $6::text::numeric AND collection = $7 AND token_id ="
                + " $8::text::numeric AND status = 'active' ORDER BY listed_block DESC LIMIT 1)"
                + " RETURNING event_id, model_token_id::text, seller, price::text")
        .execute(
            Tuple.from(
                Arrays.asList(
                    status,
                    id,
                    time,
                    ref.chainId(),
                    ref.marketplace(),
                    ref.listingId(),
                    ref.collection(),
                    ref.tokenId())))
        .map(MarketRows::listing);
  }

  public static Uni<Void> insertSale(
      SqlConnection tx,
      String id,
      String listingEventId,
      Ref ref,
      String kind,
      String modelToken,
      Sold s,
      OffsetDateTime time) {
    return tx.preparedQuery(
            "INSERT INTO market_sale (event_id, listing_event_id, chain_id, marketplace,"
                + " listing_id, kind, collection, token_id, model_token_id, seller, buyer, price,"
                + " royalty_receiver, royalty, fee, tx_hash, block_number, log_index, sold_at)"
                + " VALUES ($1, $2, $3, $4, $5::text::numeric, $6, $7, $8::text::numeric,"
                + " $9::text::numeric, $10, $11, $12::text::numeric, $13, $14::text::numeric,"
                + " $15::text::numeric, $16, $17, $18, $19)")
        .execute(
            Tuple.from(
                Arrays.asList(
                    id,
                    listingEventId,
                    ref.chainId(),
                    ref.marketplace(),
                    ref.listingId(),
                    kind,
                    ref.collection(),
                    ref.tokenId(),
                    modelToken,
                    Address.of(s.seller()).value(),
                    Address.of(s.buyer()).value(),
                    s.price(),
                    Address.of(s.royaltyReceiver()).value(),
                    s.royalty(),
                    s.fee(),
                    s.txHash().toLowerCase(Locale.ROOT),
                    s.blockNumber(),
                    s.logIndex(),
                    time)))
        .replaceWithVoid();
  }

  /** Deletes the listing the event {@code original} made: what it was, or null. */
  public static Uni<Listing> deleteListing(SqlConnection tx, String original) {
    return tx.preparedQuery(
            "DELETE FROM market_listing WHERE event_id = $1 RETURNING event_id,"
                + " model_token_id::text, seller, price::text")
        .execute(Tuple.of(original))
        .map(MarketRows::listing);
  }

  /** A deleted sale: its model token and when it was sold. */
  public record Sale(String modelToken, OffsetDateTime soldAt) {}

  /** Deletes the sale the event {@code original} made: what it was, or null. */
  public static Uni<Sale> deleteSale(SqlConnection tx, String original) {
    return tx.preparedQuery(
            "DELETE FROM market_sale WHERE event_id = $1 RETURNING model_token_id::text, sold_at")
        .execute(Tuple.of(original))
        .map(rows -> Rows.firstOrNull(rows, r -> new Sale(r.getString(0), r.getOffsetDateTime(1))));
  }

  /** Opens again the listing the event {@code original} closed: the listing, or null. */
  public static Uni<Listing> reopen(SqlConnection tx, String original) {
    return tx.preparedQuery(
            "UPDATE market_listing SET status = 'active', closed_by = NULL, closed_at = NULL"
                + " WHERE closed_by = $1 RETURNING event_id, model_token_id::text, seller,"
                + " price::text")
        .execute(Tuple.of(original))
        .map(MarketRows::listing);
  }

  /** The catalog model tokenized as {@code modelToken} in {@code registry}, or null. */
  public static Uni<UUID> catalogModel(
      SqlConnection tx, long chainId, String registry, String modelToken) {
    return tx.preparedQuery(
            "SELECT id FROM model WHERE token_chain_id = $1 AND token_contract = $2 AND token_id ="
                + " $3::text::numeric")
        .execute(Tuple.of(chainId, registry, modelToken))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID(0));
  }

  private static Listing listing(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return null;
    }
    Row r = rows.iterator().next();
    return new Listing(r.getString(0), r.getString(1), r.getString(2), r.getString(3));
  }
}
