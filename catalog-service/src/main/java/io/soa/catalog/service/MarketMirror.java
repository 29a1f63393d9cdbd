package io.soa.catalog.service;

import io.smallrye.mutiny.Uni;
import io.soa.catalog.repository.MarketColumns;
import io.soa.catalog.repository.MarketRows;
import io.soa.catalog.repository.MarketRows.Ref;
import io.soa.events.ChainEvent;
import io.soa.events.chain.LicensePurchased;
import io.soa.events.chain.LicenseTransferred;
import io.soa.events.chain.Listed;
import io.soa.events.chain.ListingCancelled;
import io.soa.events.chain.Sold;
import io.soa.events.chain.TierCreated;
import io.soa.events.chain.TierUpdated;
import io.soa.platform.chain.ChainContracts;
import io.soa.platform.chain.ChainEffects;
import io.soa.platform.inbox.Inbox;
import io.soa.platform.outbox.Outbox;
import io.soa.platform.types.Address;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
  private final ChainContracts chain;
  private final LicenceMirror licences;
  private final MarketEvents events;

  public MarketMirror(Pool pool, Inbox inbox, Outbox outbox, ChainContracts chain) {
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
        e,
        tx -> MarketKeys.lock(tx, chain, e).flatMap(x -> applyNew(tx, eventId, time, e)),
        (tx, original) ->
            MarketKeys.lock(tx, chain, e).flatMap(x -> undo(tx, original, eventId, e)));
  }

  /** Of the configured chain, and of its marketplace (for model or licence tokens) or licences. */
  private boolean ours(ChainEvent e) {
    return chain.isOurs(e)
        && switch (e) {
          case Listed l -> kind(l.collection()) != null;
          case ListingCancelled c -> kind(c.collection()) != null;
          case Sold s -> kind(s.collection()) != null;
          default -> true;
        };
  }

  /** {@code model} or {@code license} by the token's collection; null for any other. */
  private String kind(String collection) {
    return kind(chain, collection);
  }

  static String kind(ChainContracts chain, String collection) {
    String c = Address.of(collection).value();
    if (c.equals(chain.modelRegistry())) {
      return "model";
    }
    return c.equals(chain.licenseToken()) ? "license" : null;
  }

  private Uni<Void> applyNew(SqlConnection tx, String id, OffsetDateTime time, ChainEvent e) {
    return switch (e) {
      case Listed l -> listed(tx, id, time, l);
      case ListingCancelled c -> {
        Ref ref = Ref.of(c, c.listingId(), c.collection(), c.tokenId());
        yield MarketRows.close(tx, id, time, ref, "cancelled")
            .flatMap(r -> changed(tx, id, ref, r, "cancelled", c));
      }
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
            MarketRows.insertListing(
                    tx,
                    id,
                    ref,
                    kind,
                    modelToken,
                    seller,
                    l.price(),
                    l.txHash(),
                    l.blockNumber(),
                    time)
                .chain(
                    () ->
                        events.listingChanged(
                            tx, id, ref, modelToken, seller, l.price(), "active", l)));
  }

  private Uni<Void> sold(SqlConnection tx, String id, OffsetDateTime time, Sold s) {
    Ref ref = Ref.of(s, s.listingId(), s.collection(), s.tokenId());
    String kind = kind(s.collection());
    return MarketRows.close(tx, id, time, ref, "sold")
        .flatMap(
            listing -> {
              Uni<String> model =
                  listing != null && listing.modelToken() != null
                      ? Uni.createFrom().item(listing.modelToken())
                      : kind.equals("model")
                          ? Uni.createFrom().item(s.tokenId())
                          : licences.modelOf(tx, s.chainId(), s.tokenId());
              return model.flatMap(
                  modelToken ->
                      MarketRows.insertSale(
                              tx,
                              id,
                              listing == null ? null : listing.eventId(),
                              ref,
                              kind,
                              modelToken,
                              s,
                              time)
                          .chain(
                              () ->
                                  listing == null
                                      ? Uni.createFrom().voidItem()
                                      : events.listingChanged(
                                          tx,
                                          id,
                                          ref,
                                          modelToken,
                                          listing.seller(),
                                          listing.price(),
                                          "sold",
                                          s))
                          .chain(
                              () ->
                                  events.tokenSold(tx, id, ref, kind, modelToken, s, time, false)));
            });
  }

  /** Says how the listing {@code r} now stands; nothing when there is none. */
  private Uni<Void> changed(
      SqlConnection tx, String id, Ref ref, MarketRows.Listing r, String status, ChainEvent e) {
    return r == null
        ? Uni.createFrom().voidItem()
        : events.listingChanged(tx, id, ref, r.modelToken(), r.seller(), r.price(), status, e);
  }

  /** Takes back what the event {@code original} did ({@code e} is its data), and says so. */
  private Uni<Void> undo(SqlConnection tx, String original, String id, ChainEvent e) {
    return switch (e) {
      case Listed l -> {
        Ref ref = Ref.of(l, l.listingId(), l.collection(), l.tokenId());
        yield MarketRows.deleteListing(tx, original)
            .flatMap(r -> changed(tx, id, ref, r, "retracted", l));
      }
      case ListingCancelled c ->
          reopen(tx, original, id, Ref.of(c, c.listingId(), c.collection(), c.tokenId()), c);
      case Sold s -> {
        Ref ref = Ref.of(s, s.listingId(), s.collection(), s.tokenId());
        yield MarketRows.deleteSale(tx, original)
            .flatMap(
                sale ->
                    sale == null
                        ? Uni.createFrom().voidItem()
                        : reopen(tx, original, id, ref, s)
                            .chain(
                                () ->
                                    events.tokenSold(
                                        tx,
                                        id,
                                        ref,
                                        kind(s.collection()),
                                        sale.modelToken(),
                                        s,
                                        sale.soldAt(),
                                        true)));
      }
      default -> licences.undo(tx, original, e); // the licence token's
    };
  }

  /** The listing the retracted cancellation or sale {@code original} closed is open again. */
  private Uni<Void> reopen(SqlConnection tx, String original, String id, Ref ref, ChainEvent e) {
    return MarketRows.reopen(tx, original).flatMap(r -> changed(tx, id, ref, r, "active", e));
  }
}
