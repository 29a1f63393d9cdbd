package io.soa.licensing.entitlement;

import io.smallrye.mutiny.Uni;
import io.soa.events.ChainEvent;
import io.soa.events.chain.Listed;
import io.soa.events.chain.ListingCancelled;
import io.soa.events.chain.Sold;
import io.soa.licensing.entitlement.repository.LicenceMirrorStore;
import io.soa.platform.chain.ChainContracts;
import io.soa.platform.chain.ChainEffects;
import io.soa.platform.inbox.Inbox;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Set;

/**
 * Freezes a licence while it is listed for sale (DESIGN §6 step 5): the marketplace's {@code
 * Listed} of a licence token sets its listing, {@code ListingCancelled} or {@code Sold} of that
 * listing clears it, so the calls left that the listing shows are the calls the buyer gets. Only
 * the configured chain, marketplace and licence token count; each event applies once with what it
 * changed ({@link ChainEffects}), and a retraction after a reorg restores exactly that.
 */
@ApplicationScoped
public class ListingMirror {
  private static final Set<String> MIRRORED = Set.of(Listed.TYPE, ListingCancelled.TYPE, Sold.TYPE);

  private final Pool pool;
  private final LicenceMirrorStore store;
  private final Inbox inbox;
  private final ChainContracts config;

  public ListingMirror(Pool pool, LicenceMirrorStore store, Inbox inbox, ChainContracts config) {
    this.pool = pool;
    this.store = store;
    this.inbox = inbox;
    this.config = config;
  }

  public static boolean mirrors(String type) {
    return MIRRORED.contains(type);
  }

  public Uni<Void> apply(String eventId, ChainEvent e) {
    String collection =
        switch (e) {
          case Listed l -> l.collection();
          case ListingCancelled c -> c.collection();
          case Sold s -> s.collection();
          default -> "";
        };
    if (!config.isOurs(e) || !config.licenseToken().equals(collection.toLowerCase(Locale.ROOT))) {
      return Uni.createFrom().voidItem(); // another chain, marketplace or collection
    }
    return ChainEffects.applyOnce(
        pool,
        inbox,
        eventId,
        e,
        tx -> applyNew(tx, eventId, e),
        (tx, original) -> undo(tx, original));
  }

  private Uni<Void> applyNew(SqlConnection tx, String eventId, ChainEvent e) {
    return switch (e) {
      case Listed l -> set(tx, eventId, l.tokenId(), null, l.listingId());
      case ListingCancelled c -> set(tx, eventId, c.tokenId(), c.listingId(), null);
      case Sold s -> set(tx, eventId, s.tokenId(), s.listingId(), null);
      default -> Uni.createFrom().voidItem();
    };
  }

  /**
   * Sets the licence's listing to {@code to}, when it is {@code from} (any, for a new listing),
   * recording the listing it had; nothing when the licence is listed by another listing.
   */
  private Uni<Void> set(
      SqlConnection tx, String eventId, String licenseId, String from, String to) {
    return store
        .lockListing(tx, licenseId)
        .flatMap(
            before -> {
              if (from != null && !from.equals(before)) {
                return Uni.createFrom().voidItem(); // another listing's end: this one stands
              }
              return ChainEffects.record(tx, eventId, "listing", licenseId, before)
                  .chain(() -> store.setListing(tx, licenseId, to));
            });
  }

  private Uni<Void> undo(SqlConnection tx, String eventId) {
    return ChainEffects.take(tx, eventId)
        .flatMap(
            taken ->
                taken.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : store.setListing(tx, taken.get().key(), taken.get().before()));
  }
}
