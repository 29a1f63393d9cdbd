package io.soa.catalog.service;

import io.smallrye.mutiny.Uni;
import io.soa.catalog.config.ChainConfig;
import io.soa.catalog.repository.MarketColumns;
import io.soa.events.ChainEvent;
import io.soa.events.EventCodec;
import io.soa.events.EventTypes;
import io.soa.events.catalog.ListingChanged;
import io.soa.events.catalog.TokenSold;
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
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Mirrors the marketplace (listings, cancellations, sales) and the licence token (tiers, licences
 * and their holders) into the catalog, for the market and the tiers it shows. Each event applies
 * once (inbox) in one transaction with its rows, the market events it causes (outbox) and the
 * model's search columns ({@link MarketColumns}). Rows are keyed by the event that made them, so a
 * retraction removes or reopens exactly what its event did, and says so. Events of another chain or
 * contract are ignored.
 */
@ApplicationScoped
public class MarketMirror {
  private static final String ZERO = "0x0000000000000000000000000000000000000000";

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

  public MarketMirror(Pool pool, Inbox inbox, Outbox outbox, ChainConfig chain) {
    this.pool = pool;
    this.inbox = inbox;
    this.outbox = outbox;
    this.chain = chain;
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
  private record Ref(
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
                          : listingChanged(
                              tx,
                              id,
                              Ref.of(c, c.listingId(), c.collection(), c.tokenId()),
                              r.getString(1),
                              r.getString(2),
                              r.getString(3),
                              "cancelled",
                              c));
      case Sold s -> sold(tx, id, time, s);
      case TierCreated t -> tierCreated(tx, id, t);
      case TierUpdated u ->
          tx.preparedQuery(
                  "WITH before AS (SELECT event_id, active FROM chain_tier WHERE chain_id = $2 AND"
                      + " tier_id = $3::text::numeric AND model_token_id = $4::text::numeric),"
                      + " change AS (INSERT INTO chain_tier_change (event_id, chain_id, tier_id,"
                      + " active_before) SELECT $1, $2, $3::text::numeric, active FROM before)"
                      + " UPDATE chain_tier SET active = $5 WHERE event_id IN (SELECT event_id FROM"
                      + " before)")
              .execute(Tuple.of(id, u.chainId(), u.tierId(), u.modelId(), u.active()))
              .replaceWithVoid();
      case LicensePurchased p -> purchased(tx, id, p);
      case LicenseTransferred t ->
          Address.of(t.from()).value().equals(ZERO)
              ? Uni.createFrom().voidItem() // the mint: the purchase names the holder
              : holder(tx, t, Address.of(t.from()).value(), Address.of(t.to()).value());
      default -> Uni.createFrom().voidItem();
    };
  }

  private Uni<Void> listed(SqlConnection tx, String id, OffsetDateTime time, Listed l) {
    Ref ref = Ref.of(l, l.listingId(), l.collection(), l.tokenId());
    String kind = kind(l.collection());
    Uni<String> model =
        kind.equals("model")
            ? Uni.createFrom().item(l.tokenId())
            : modelOfLicense(tx, l.chainId(), l.tokenId());
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
                    x -> listingChanged(tx, id, ref, modelToken, seller, l.price(), "active", l)));
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
                          : modelOfLicense(tx, s.chainId(), s.tokenId());
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
                                      : listingChanged(
                                          tx,
                                          id,
                                          ref,
                                          modelToken,
                                          listing.getString(2),
                                          listing.getString(3),
                                          "sold",
                                          s))
                          .flatMap(x -> tokenSold(tx, id, ref, kind, modelToken, s, time, false)));
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

  private Uni<Void> tierCreated(SqlConnection tx, String id, TierCreated t) {
    return tx.preparedQuery(
            "INSERT INTO chain_tier (event_id, chain_id, tier_id, model_token_id, price, duration,"
                + " call_quota, max_supply, transferable, terms_digest, features, active,"
                + " created_block) VALUES ($1, $2, $3::text::numeric, $4::text::numeric, $5::text::numeric,"
                + " $6::text::numeric, $7::text::numeric, $8, $9, $10, $11, true, $12)")
        .execute(
            Tuple.from(
                Arrays.asList(
                    id,
                    t.chainId(),
                    t.tierId(),
                    t.modelId(),
                    t.price(),
                    t.duration(),
                    t.callQuota(),
                    Long.parseLong(t.maxSupply()),
                    t.transferable(),
                    t.termsDigest().toLowerCase(Locale.ROOT),
                    EventCodec.JSON.valueToTree(t.features()).toString(),
                    t.blockNumber())))
        .replaceWithVoid();
  }

  /**
   * Records the licence, and gives the listings and sales of it that came first (the market and
   * licence topics are not ordered with each other) their model.
   */
  private Uni<Void> purchased(SqlConnection tx, String id, LicensePurchased p) {
    return tx.preparedQuery(
            "INSERT INTO chain_licence (event_id, chain_id, license_id, tier_id, model_token_id,"
                + " holder) VALUES ($1, $2, $3::text::numeric, $4::text::numeric, $5::text::numeric, $6)")
        .execute(
            Tuple.of(
                id,
                p.chainId(),
                p.licenseId(),
                p.tierId(),
                p.modelId(),
                Address.of(p.recipient()).value()))
        .flatMap(
            x ->
                tx.preparedQuery(
                        "WITH l AS (UPDATE market_listing SET model_token_id = $3::text::numeric WHERE"
                            + " chain_id = $1 AND kind = 'license' AND token_id = $2::text::numeric AND"
                            + " model_token_id IS NULL RETURNING 1) UPDATE market_sale SET"
                            + " model_token_id = $3::text::numeric WHERE chain_id = $1 AND kind ="
                            + " 'license' AND token_id = $2::text::numeric AND model_token_id IS NULL")
                    .execute(Tuple.of(p.chainId(), p.licenseId(), p.modelId())))
        .flatMap(x -> MarketColumns.refresh(tx, chain.modelRegistry(), p.chainId(), p.modelId()));
  }

  /** A licence moved from {@code from} to {@code to} (or back, when retracted). */
  private Uni<Void> holder(SqlConnection tx, LicenseTransferred t, String from, String to) {
    return tx.preparedQuery(
            "UPDATE chain_licence SET holder = $4 WHERE chain_id = $1 AND license_id = $2::text::numeric"
                + " AND holder = $3 RETURNING model_token_id::text")
        .execute(Tuple.of(t.chainId(), t.tokenId(), from, to))
        .flatMap(
            rows ->
                rows.size() == 0
                    ? Uni.createFrom().voidItem()
                    : MarketColumns.refresh(
                        tx,
                        chain.modelRegistry(),
                        t.chainId(),
                        rows.iterator().next().getString(0)));
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
                  return listingChanged(
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
                              tokenSold(
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
      case TierCreated t ->
          tx.preparedQuery("DELETE FROM chain_tier WHERE event_id = $1")
              .execute(Tuple.of(original))
              .replaceWithVoid();
      case TierUpdated u ->
          tx.preparedQuery(
                  "WITH change AS (DELETE FROM chain_tier_change WHERE event_id = $1 RETURNING"
                      + " active_before) UPDATE chain_tier SET active = change.active_before FROM"
                      + " change WHERE chain_id = $2 AND tier_id = $3::text::numeric AND model_token_id ="
                      + " $4::text::numeric")
              .execute(Tuple.of(original, u.chainId(), u.tierId(), u.modelId()))
              .replaceWithVoid();
      case LicensePurchased p ->
          tx.preparedQuery("DELETE FROM chain_licence WHERE event_id = $1")
              .execute(Tuple.of(original))
              .flatMap(
                  x -> MarketColumns.refresh(tx, chain.modelRegistry(), p.chainId(), p.modelId()));
      case LicenseTransferred t ->
          Address.of(t.from()).value().equals(ZERO)
              ? Uni.createFrom().voidItem()
              : holder(tx, t, Address.of(t.to()).value(), Address.of(t.from()).value());
      default -> Uni.createFrom().voidItem();
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
              return listingChanged(
                  tx, id, ref, r.getString(0), r.getString(1), r.getString(2), "active", e);
            });
  }

  private Uni<String> modelOfLicense(SqlConnection tx, long chainId, String licenseId) {
    return tx.preparedQuery(
            "SELECT model_token_id::text FROM chain_licence WHERE chain_id = $1 AND license_id ="
                + " $2::text::numeric ORDER BY event_id LIMIT 1")
        .execute(Tuple.of(chainId, licenseId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  /** The catalog model of an on-chain model id, null when the catalog has none. */
  private Uni<UUID> catalogModel(SqlConnection tx, long chainId, String modelToken) {
    if (modelToken == null) {
      return Uni.createFrom().nullItem();
    }
    return tx.preparedQuery(
            "SELECT id FROM model WHERE token_chain_id = $1 AND token_contract = $2 AND token_id ="
                + " $3::text::numeric")
        .execute(Tuple.of(chainId, chain.modelRegistry(), modelToken))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID(0));
  }

  /** Says how the listing now stands, and keeps the model's search columns. */
  private Uni<Void> listingChanged(
      SqlConnection tx,
      String causeId,
      Ref ref,
      String modelToken,
      String seller,
      String price,
      String status,
      ChainEvent cause) {
    return catalogModel(tx, ref.chainId(), modelToken)
        .flatMap(
            model ->
                outbox.add(
                    tx,
                    Outbox.derivedId(causeId, ListingChanged.TYPE),
                    new ListingChanged(
                        model == null ? null : model.toString(),
                        ref.chainId(),
                        ref.marketplace(),
                        ref.listingId(),
                        kind(ref.collection()),
                        ref.collection(),
                        ref.tokenId(),
                        seller,
                        price,
                        status,
                        cause.txHash().toLowerCase(Locale.ROOT),
                        cause.blockNumber())))
        .flatMap(x -> MarketColumns.refresh(tx, chain.modelRegistry(), ref.chainId(), modelToken));
  }

  private Uni<Void> tokenSold(
      SqlConnection tx,
      String causeId,
      Ref ref,
      String kind,
      String modelToken,
      Sold s,
      OffsetDateTime time,
      boolean reverted) {
    return catalogModel(tx, ref.chainId(), modelToken)
        .flatMap(
            model ->
                outbox.add(
                    tx,
                    Outbox.derivedId(causeId, TokenSold.TYPE),
                    new TokenSold(
                        model == null ? null : model.toString(),
                        ref.chainId(),
                        ref.marketplace(),
                        ref.listingId(),
                        kind,
                        ref.collection(),
                        ref.tokenId(),
                        Address.of(s.seller()).value(),
                        Address.of(s.buyer()).value(),
                        s.price(),
                        Address.of(s.royaltyReceiver()).value(),
                        s.royalty(),
                        s.fee(),
                        s.txHash().toLowerCase(Locale.ROOT),
                        s.blockNumber(),
                        DateTimeFormatter.ISO_INSTANT.format(time.toInstant()),
                        reverted)))
        .flatMap(x -> MarketColumns.refresh(tx, chain.modelRegistry(), ref.chainId(), modelToken));
  }
}
