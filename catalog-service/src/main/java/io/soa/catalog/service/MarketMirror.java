package io.soa.catalog.service;

import io.smallrye.mutiny.Uni;
import io.soa.catalog.config.ChainConfig;
import io.soa.catalog.repository.MarketColumns;
import io.soa.events.ChainEvent;
import io.soa.events.EventTypes;
import io.soa.events.chain.LicensePurchased;
import io.soa.events.chain.LicenseTransferred;
import io.soa.events.chain.Listed;
import io.soa.events.chain.ListingCancelled;
import io.soa.events.chain.Sold;
import io.soa.events.chain.TierCreated;
import io.soa.events.chain.TierUpdated;
import io.soa.platform.inbox.Inbox;
import io.soa.platform.outbox.Outbox;
import io.soa.platform.persistence.ChainEffects;
import io.soa.platform.types.Address;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Mirrors the marketplace (listings, cancellations, sales) and the licence token (tiers, licences
 * and their holders) into the catalog, for the market and the tiers it shows. Each event applies
 * once (inbox) in one transaction with its rows, the market events it causes (outbox) and the
 * model's search columns ({@link MarketColumns}). Rows are keyed by the event that made them, so a
 * retraction removes or reopens exactly what its event did, and says so. Events of another chain or
 * contract are ignored. The licence token's rows are {@link LicenceMirror}'s; the events told and
 * the search columns kept, {@link MarketEvents}'.
 */
@ApplicationScoped
public class MarketMirror {
  private static final Set<String> MIRRORED =
      Set.of(
          Listed.TYPE,
          ListingCancelled.TYPE,
          Sold.TYPE,
          TierCreated.TYPE,
          TierUpdated.TYPE,
          LicensePurchased.TYPE,
          LicenseTransferred.TYPE);

  private final Pool pool;
  private final Inbox inbox;
  private final Outbox outbox;
  private final ChainConfig chain;
  private final LicenceMirror licences;
  private final MarketEvents events;

  public MarketMirror(Pool pool, Inbox inbox, Outbox outbox, ChainConfig chain) {
    this.pool = pool;
    this.inbox = inbox;
    this.outbox = outbox;
    this.chain = chain;
    this.licences = new LicenceMirror(chain);
    this.events = new MarketEvents(outbox, chain);
  }

  /** The market and licence events the catalog mirrors; others on the topics are skipped. */
  public static boolean mirrors(String type) {
    return MIRRORED.contains(type);
  }

  public Uni<Void> apply(String eventId, OffsetDateTime blockTime, ChainEvent e) {
    if (!ours(e)) {
      return Uni.createFrom().voidItem();
    }
    OffsetDateTime time = blockTime != null ? blockTime : OffsetDateTime.now(ZoneOffset.UTC);
    return ChainEffects.applyOnce(
        pool,
        inbox,
        eventId,
        EventTypes.of(e).type(),
        e.removed(),
        tx -> MarketColumns.lock(tx).flatMap(x -> applyNew(tx, eventId, time, e)),
        (tx, original) -> MarketColumns.lock(tx).flatMap(x -> undo(tx, original, eventId, e)));
  }

  /** A listing as the marketplace names it. */
  record Ref(
      long chainId, String marketplace, String listingId, String collection, String tokenId) {
    static Ref of(ChainEvent e, String listingId, String collection, String tokenId) {
      return new Ref(
          e.chainId(),
          Address.of(e.contract()).value(),
          listingId,
          Address.of(collection).value(),
          tokenId);
    }
  }

  /** Of the configured chain, and of its marketplace (for model or licence tokens) or licences. */
  private boolean ours(ChainEvent e) {
    if (e.chainId() != chain.chainId()) {
      return false;
    }
    String contract = Address.of(e.contract()).value();
    return switch (e) {
      case Listed l -> contract.equals(chain.marketplace()) && kind(l.collection()) != null;
      case ListingCancelled c ->
          contract.equals(chain.marketplace()) && kind(c.collection()) != null;
      case Sold s -> contract.equals(chain.marketplace()) && kind(s.collection()) != null;
      default -> contract.equals(chain.licenseToken());
    };
  }

  /** {@code model} or {@code license} by the token's collection; null for any other. */
  private String kind(String collection) {
    return kind(chain, collection);
  }

  static String kind(ChainConfig chain, String collection) {
    String c = Address.of(collection).value();
    if (c.equals(chain.modelRegistry())) {
      return "model";
    }
    return c.equals(chain.licenseToken()) ? "license" : null;
  }

  private Uni<Void> applyNew(SqlConnection tx, String id, OffsetDateTime time, ChainEvent e) {
    return switch (e) {
      case Listed l -> listed(tx, id, time, l);
      case ListingCancelled c ->
          close(tx, id, time, Ref.of(c, c.listingId(), c.collection(), c.tokenId()), "cancelled")
              .flatMap(
                  r ->
                      r == null
                          ? Uni.createFrom().voidItem()
                          : events.listingChanged(
                              tx,
                              id,
                              Ref.of(c, c.listingId(), c.collection(), c.tokenId()),
                              r.getString(1),
                              r.getString(2),
                              r.getString(3),
                              "cancelled",
                              c));
      case Sold s -> sold(tx, id, time, s);
      default -> licences.apply(tx, id, e); // the licence token's
    };
  }

  private Uni<Void> listed(SqlConnection tx, String id, OffsetDateTime time, Listed l) {
    Ref ref = Ref.of(l, l.listingId(), l.collection(), l.tokenId());
    String kind = kind(l.collection());
    Uni<String> model =
        kind.equals("model")
            ? Uni.createFrom().item(l.tokenId())
            : licences.modelOf(tx, l.chainId(), l.tokenId());
    String seller = Address.of(l.seller()).value();
    return model.flatMap(
        modelToken ->
            tx.preparedQuery(
                    "INSERT INTO market_listing (event_id, chain_id, marketplace, listing_id, kind,"
                        + " collection, token_id, model_token_id, seller, price, status, listed_tx,"
                        + " listed_block, listed_at) VALUES ($1, $2, $3, $4::text::numeric, $5, $6,"
                        + " $7::text::numeric, $8::text::numeric, $9, $10::text::numeric, 'active', $11, $12, $13)")
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
                            l.price(),
                            l.txHash().toLowerCase(Locale.ROOT),
                            l.blockNumber(),
                            time)))
                .flatMap(
                    x ->
                        events.listingChanged(
                            tx, id, ref, modelToken, seller, l.price(), "active", l)));
  }

  private Uni<Void> sold(SqlConnection tx, String id, OffsetDateTime time, Sold s) {
    Ref ref = Ref.of(s, s.listingId(), s.collection(), s.tokenId());
    String kind = kind(s.collection());
    return close(tx, id, time, ref, "sold")
        .flatMap(
            listing -> {
              Uni<String> model =
                  listing != null && listing.getString(1) != null
                      ? Uni.createFrom().item(listing.getString(1))
                      : kind.equals("model")
                          ? Uni.createFrom().item(s.tokenId())
                          : licences.modelOf(tx, s.chainId(), s.tokenId());
              return model.flatMap(
                  modelToken ->
                      tx.preparedQuery(
                              "INSERT INTO market_sale (event_id, listing_event_id, chain_id,"
                                  + " marketplace, listing_id, kind, collection, token_id,"
                                  + " model_token_id, seller, buyer, price, royalty_receiver,"
                                  + " royalty, fee, tx_hash, block_number, log_index, sold_at)"
                                  + " VALUES ($1, $2, $3, $4, $5::text::numeric, $6, $7, $8::text::numeric,"
                                  + " $9::text::numeric, $10, $11, $12::text::numeric, $13, $14::text::numeric,"
                                  + " $15::text::numeric, $16, $17, $18, $19)")
                          .execute(
                              Tuple.from(
                                  Arrays.asList(
                                      id,
                                      listing == null ? null : listing.getString(0),
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
                          .flatMap(
                              x ->
                                  listing == null
                                      ? Uni.createFrom().voidItem()
                                      : events.listingChanged(
                                          tx,
                                          id,
                                          ref,
                                          modelToken,
                                          listing.getString(2),
                                          listing.getString(3),
                                          "sold",
                                          s))
                          .flatMap(
                              x ->
                                  events.tokenSold(tx, id, ref, kind, modelToken, s, time, false)));
            });
  }

  /**
   * Closes the open listing a cancellation or sale names (matched on collection and token too:
   * after a reorg another fork may have used the listing id). Its event id, model token, seller and
   * price; null when none is open.
   */
  private Uni<Row> close(SqlConnection tx, String id, OffsetDateTime time, Ref ref, String status) {
    return tx.preparedQuery(
            "UPDATE market_listing SET status = $1, closed_by = $2, closed_at = $3 WHERE event_id"
                + " = (SELECT event_id FROM market_listing WHERE chain_id = $4 AND marketplace = $5"
                + " AND listing_id = $6::text::numeric AND collection = $7 AND token_id = $8::text::numeric AND"
                + " status = 'active' ORDER BY listed_block DESC LIMIT 1) RETURNING event_id,"
                + " model_token_id::text, seller, price::text")
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
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
  }

  /** Takes back what the event {@code original} did ({@code e} is its data), and says so. */
  private Uni<Void> undo(SqlConnection tx, String original, String id, ChainEvent e) {
    return switch (e) {
      case Listed l -> {
        Ref ref = Ref.of(l, l.listingId(), l.collection(), l.tokenId());
        yield tx.preparedQuery(
                "DELETE FROM market_listing WHERE event_id = $1 RETURNING model_token_id::text,"
                    + " seller, price::text")
            .execute(Tuple.of(original))
            .flatMap(
                rows -> {
                  if (rows.size() == 0) {
                    return Uni.createFrom().voidItem();
                  }
                  Row r = rows.iterator().next();
                  return events.listingChanged(
                      tx, id, ref, r.getString(0), r.getString(1), r.getString(2), "retracted", l);
                });
      }
      case ListingCancelled c ->
          reopen(tx, original, id, Ref.of(c, c.listingId(), c.collection(), c.tokenId()), c);
      case Sold s -> {
        Ref ref = Ref.of(s, s.listingId(), s.collection(), s.tokenId());
        yield tx.preparedQuery(
                "DELETE FROM market_sale WHERE event_id = $1 RETURNING model_token_id::text,"
                    + " sold_at")
            .execute(Tuple.of(original))
            .flatMap(
                rows -> {
                  if (rows.size() == 0) {
                    return Uni.createFrom().voidItem();
                  }
                  Row r = rows.iterator().next();
                  return reopen(tx, original, id, ref, s)
                      .flatMap(
                          x ->
                              events.tokenSold(
                                  tx,
                                  id,
                                  ref,
                                  kind(s.collection()),
                                  r.getString(0),
                                  s,
                                  r.getOffsetDateTime(1),
                                  true));
                });
      }
      default -> licences.undo(tx, original, e); // the licence token's
    };
  }

  /** The listing the retracted cancellation or sale {@code original} closed is open again. */
  private Uni<Void> reopen(SqlConnection tx, String original, String id, Ref ref, ChainEvent e) {
    return tx.preparedQuery(
            "UPDATE market_listing SET status = 'active', closed_by = NULL, closed_at = NULL"
                + " WHERE closed_by = $1 RETURNING model_token_id::text, seller, price::text")
        .execute(Tuple.of(original))
        .flatMap(
            rows -> {
              if (rows.size() == 0) {
                return Uni.createFrom().voidItem();
              }
              Row r = rows.iterator().next();
              return events.listingChanged(
                  tx, id, ref, r.getString(0), r.getString(1), r.getString(2), "active", e);
            });
  }
}
