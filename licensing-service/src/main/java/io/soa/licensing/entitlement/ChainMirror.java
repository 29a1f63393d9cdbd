package io.soa.licensing.entitlement;

import io.smallrye.mutiny.Uni;
import io.soa.events.ChainEvent;
import io.soa.events.chain.LicensePurchased;
import io.soa.events.chain.LicenseTransferred;
import io.soa.events.chain.ModelTokenized;
import io.soa.events.chain.ModelTransferred;
import io.soa.events.chain.TierCreated;
import io.soa.events.chain.TierUpdated;
import io.soa.events.chain.UsagePriceSet;
import io.soa.events.licensing.EntitlementGranted;
import io.soa.events.licensing.EntitlementRevoked;
import io.soa.events.licensing.EntitlementTransferred;
import io.soa.licensing.entitlement.repository.LicenceMirrorStore;
import io.soa.platform.chain.ChainContracts;
import io.soa.platform.chain.ChainEffects;
import io.soa.platform.chain.ModelFacts;
import io.soa.platform.inbox.Inbox;
import io.soa.platform.outbox.Outbox;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Mirrors what entitlements depend on: tiers and licences from the licence token's events (a
 * purchase grants, an ERC-721 transfer or a marketplace sale moves the licence and the calls it has
 * left), owners and per-feature prices from the registry's. Only confirmed chain events reach here
 * (the indexer publishes at its confirmation depth). Each event applies once (inbox) in one
 * transaction with what it changed ({@link ChainEffects}) and the entitlement events it causes
 * (outbox), so its retraction after a reorg restores exactly that and says so. Calls used are never
 * touched by the mirror. Events of another chain or contract are ignored.
 */
@ApplicationScoped
public class ChainMirror {
  private static final Logger LOG = Logger.getLogger(ChainMirror.class);
  private static final String ZERO = "0x0000000000000000000000000000000000000000";

  /** The chain events this service mirrors; others on its topics are skipped. */
  public static final Set<String> MIRRORED =
      Set.of(
          TierCreated.TYPE,
          TierUpdated.TYPE,
          LicensePurchased.TYPE,
          LicenseTransferred.TYPE,
          UsagePriceSet.TYPE,
          ModelTokenized.TYPE,
          ModelTransferred.TYPE);

  private final Pool pool;
  private final LicenceMirrorStore store;
  private final Inbox inbox;
  private final Outbox outbox;
  private final ChainContracts config;

  public ChainMirror(
      Pool pool, LicenceMirrorStore store, Inbox inbox, Outbox outbox, ChainContracts config) {
    this.pool = pool;
    this.store = store;
    this.inbox = inbox;
    this.outbox = outbox;
    this.config = config;
  }

  public Uni<Void> apply(String eventId, ChainEvent e) {
    return ChainEffects.applyIfOurs(
        config,
        pool,
        inbox,
        eventId,
        e,
        tx -> applyNew(tx, eventId, e),
        (tx, original) -> undo(tx, original, eventId, e));
  }

  private Uni<Void> applyNew(SqlConnection tx, String eventId, ChainEvent e) {
    return switch (e) {
      case TierCreated t ->
          ChainEffects.record(tx, eventId, "tier", t.tierId(), null)
              .chain(() -> store.insertTier(tx, t));
      case TierUpdated u ->
          store
              .tierActive(tx, u.tierId())
              .chain(before -> ChainEffects.record(tx, eventId, "tier-active", u.tierId(), before))
              .chain(() -> store.setTierActive(tx, u.tierId(), u.active()));
      case LicensePurchased p -> purchased(tx, eventId, p);
      case LicenseTransferred t -> transferred(tx, eventId, t);
      case UsagePriceSet p -> ModelFacts.price(tx, eventId, p);
      case ModelTokenized t -> ModelFacts.owner(tx, eventId, t.modelId(), t.owner());
      case ModelTransferred t -> ModelFacts.owner(tx, eventId, t.tokenId(), t.to());
      default -> Uni.createFrom().voidItem();
    };
  }

  private Uni<Void> purchased(SqlConnection tx, String eventId, LicensePurchased p) {
    String holder = lower(p.recipient());
    return ChainEffects.record(tx, eventId, "licence", p.licenseId(), null)
        .chain(() -> store.insertLicence(tx, p, holder))
        .flatMap(
            features ->
                features.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : outbox.add(
                        tx,
                        Outbox.derivedId(eventId, "granted"),
                        new EntitlementGranted(
                            p.licenseId(),
                            p.chainId(),
                            p.tierId(),
                            p.modelId(),
                            holder,
                            features.get(),
                            p.expiresAt(),
                            p.callQuota(),
                            p.txHash(),
                            p.blockNumber())));
  }

  private Uni<Void> transferred(SqlConnection tx, String eventId, LicenseTransferred t) {
    if (ZERO.equals(lower(t.from()))) {
      return Uni.createFrom().voidItem(); // the mint of a purchase: LicensePurchased grants it
    }
    String to = lower(t.to());
    return store
        .lock(tx, t.tokenId())
        .flatMap(
            found -> {
              if (found.isEmpty()) {
                LOG.warnf(
                    "transfer %s of licence %s not seen bought: ignored", eventId, t.tokenId());
                return Uni.createFrom().voidItem();
              }
              LicenceMirrorStore.Held held = found.get();
              return ChainEffects.record(tx, eventId, "holder", t.tokenId(), held.holder())
                  .chain(() -> store.setHolder(tx, t.tokenId(), to))
                  .chain(
                      () ->
                          outbox.add(
                              tx,
                              Outbox.derivedId(eventId, "transferred"),
                              new EntitlementTransferred(
                                  t.tokenId(),
                                  t.chainId(),
                                  held.modelId(),
                                  held.holder(),
                                  to,
                                  held.callsLeft(),
                                  t.txHash(),
                                  t.blockNumber(),
                                  false)));
            });
  }

  /** Restores what the event {@code eventId} changed; nothing if it changed nothing. */
  private Uni<Void> undo(
      SqlConnection tx, String eventId, String retractionId, ChainEvent retraction) {
    return ChainEffects.take(tx, eventId)
        .flatMap(
            taken -> {
              if (taken.isEmpty()) {
                return Uni.createFrom().voidItem(); // it was ignored when applied
              }
              String key = taken.get().key();
              String before = taken.get().before();
              return switch (taken.get().kind()) {
                case "tier" -> store.deleteTier(tx, key);
                case "tier-active" -> store.setTierActive(tx, key, Boolean.parseBoolean(before));
                case "licence" -> revoke(tx, key, retractionId);
                case "holder" -> restoreHolder(tx, key, before, retractionId, retraction);
                default ->
                    ModelFacts.undo(tx, taken.get())
                        .orElseThrow(
                            () -> new IllegalStateException("unknown effect " + taken.get()));
              };
            });
  }

  private Uni<Void> revoke(SqlConnection tx, String licenseId, String retractionId) {
    return store
        .delete(tx, licenseId)
        .flatMap(
            removed ->
                removed.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : outbox.add(
                        tx,
                        Outbox.derivedId(retractionId, "revoked"),
                        new EntitlementRevoked(
                            licenseId,
                            config.chainId(),
                            removed.get().modelId(),
                            removed.get().holder(),
                            removed.get().purchaseTx(),
                            "retracted")));
  }

  private Uni<Void> restoreHolder(
      SqlConnection tx,
      String licenseId,
      String holder,
      String retractionId,
      ChainEvent retraction) {
    return store
        .lock(tx, licenseId)
        .flatMap(
            found -> {
              if (found.isEmpty()) {
                return Uni.createFrom().voidItem();
              }
              LicenceMirrorStore.Held held = found.get();
              return store
                  .setHolder(tx, licenseId, holder)
                  .chain(
                      () ->
                          outbox.add(
                              tx,
                              Outbox.derivedId(retractionId, "transferred"),
                              new EntitlementTransferred(
                                  licenseId,
                                  config.chainId(),
                                  held.modelId(),
                                  held.holder(),
                                  holder,
                                  held.callsLeft(),
                                  retraction.txHash(),
                                  retraction.blockNumber(),
                                  true)));
            });
  }

  private static String lower(String address) {
    return address.toLowerCase(Locale.ROOT);
  }
}
