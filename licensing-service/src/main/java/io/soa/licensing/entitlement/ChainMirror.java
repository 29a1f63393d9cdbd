package io.soa.licensing.service;

import io.smallrye.mutiny.Uni;
import io.soa.events.ChainEvent;
import io.soa.events.EventTypes;
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
import io.soa.licensing.config.ChainConfig;
import io.soa.platform.inbox.Inbox;
import io.soa.platform.outbox.Outbox;
import io.soa.platform.persistence.ChainEffects;
import io.soa.platform.persistence.ModelFacts;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
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

  /** uint64 values above this are held as it (an expiry or quota that never runs out here). */
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private static final Set<String> MIRRORED =
      Set.of(
          TierCreated.TYPE,
          TierUpdated.TYPE,
          LicensePurchased.TYPE,
          LicenseTransferred.TYPE,
          UsagePriceSet.TYPE,
          ModelTokenized.TYPE,
          ModelTransferred.TYPE);

  private final Pool pool;
  private final Inbox inbox;
  private final Outbox outbox;
  private final ChainConfig config;

  public ChainMirror(Pool pool, Inbox inbox, Outbox outbox, ChainConfig config) {
    this.pool = pool;
    this.inbox = inbox;
    this.outbox = outbox;
    this.config = config;
  }

  /** The chain events this service mirrors; others on its topics are skipped. */
  public static boolean mirrors(String type) {
    return MIRRORED.contains(type);
  }

  public Uni<Void> apply(String eventId, ChainEvent e) {
    String contract = e.contract().toLowerCase(Locale.ROOT);
    boolean ours =
        switch (e) {
          case UsagePriceSet p -> contract.equals(config.modelRegistry());
          case ModelTokenized t -> contract.equals(config.modelRegistry());
          case ModelTransferred t -> contract.equals(config.modelRegistry());
          default -> contract.equals(config.licenseToken());
        };
    if (e.chainId() != config.chainId() || !ours) {
      LOG.debugf("event %s is of chain %d, contract %s: not ours", eventId, e.chainId(), contract);
      return Uni.createFrom().voidItem();
    }
    return ChainEffects.applyOnce(
        pool,
        inbox,
        eventId,
        EventTypes.of(e).type(),
        e.removed(),
        tx -> applyNew(tx, eventId, e),
        (tx, original) -> undo(tx, original, eventId, e));
  }

  private Uni<Void> applyNew(SqlConnection tx, String eventId, ChainEvent e) {
    return switch (e) {
      case TierCreated t ->
          ChainEffects.record(tx, eventId, "tier", t.tierId(), null)
              .chain(
                  () ->
                      tx.preparedQuery(
                              "INSERT INTO tier (tier_id, model_id, price, duration, call_quota,"
                                  + " max_supply, transferable, terms_digest, features, active)"
                                  + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, true)"
                                  + " ON CONFLICT (tier_id) DO NOTHING")
                          .execute(
                              Tuple.from(
                                  Arrays.asList(
                                      dec(t.tierId()),
                                      dec(t.modelId()),
                                      dec(t.price()),
                                      capped(t.duration()),
                                      capped(t.callQuota()),
                                      capped(t.maxSupply()),
                                      t.transferable(),
                                      t.termsDigest(),
                                      t.features().toArray(String[]::new)))))
              .replaceWithVoid();
      case TierUpdated u ->
          keyed(
                  tx,
                  eventId,
                  "tier-active",
                  u.tierId(),
                  "SELECT active::text AS v FROM tier WHERE tier_id = $1",
                  Tuple.of(dec(u.tierId())))
              .chain(
                  () ->
                      tx.preparedQuery("UPDATE tier SET active = $2 WHERE tier_id = $1")
                          .execute(Tuple.of(dec(u.tierId()), u.active())))
              .replaceWithVoid();
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
        .chain(
            () ->
                tx.preparedQuery(
                        "INSERT INTO licence (license_id, tier_id, model_id, holder, expires_at,"
                            + " call_quota, purchase_tx) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                            + " ON CONFLICT (license_id) DO NOTHING"
                            + " RETURNING (SELECT features FROM tier WHERE tier_id = $2) AS features")
                    .execute(
                        Tuple.from(
                            Arrays.asList(
                                dec(p.licenseId()),
                                dec(p.tierId()),
                                dec(p.modelId()),
                                holder,
                                capped(p.expiresAt()),
                                capped(p.callQuota()),
                                p.txHash()))))
        .flatMap(
            rows -> {
              if (rows.size() == 0) {
                return Uni.createFrom().voidItem();
              }
              String[] features = rows.iterator().next().getArrayOfStrings("features");
              return outbox.add(
                  tx,
                  Outbox.derivedId(eventId, "granted"),
                  new EntitlementGranted(
                      p.licenseId(),
                      p.chainId(),
                      p.tierId(),
                      p.modelId(),
                      holder,
                      features == null ? java.util.List.of() : Arrays.asList(features),
                      p.expiresAt(),
                      p.callQuota(),
                      p.txHash(),
                      p.blockNumber()));
            });
  }

  private Uni<Void> transferred(SqlConnection tx, String eventId, LicenseTransferred t) {
    if (ZERO.equals(lower(t.from()))) {
      return Uni.createFrom().voidItem(); // the mint of a purchase: LicensePurchased grants it
    }
    String to = lower(t.to());
    return tx.preparedQuery(
            "SELECT l.holder, l.model_id, l.call_quota, l.calls_used FROM licence l"
                + " WHERE l.license_id = $1 FOR UPDATE")
        .execute(Tuple.of(dec(t.tokenId())))
        .flatMap(
            rows -> {
              if (rows.size() == 0) {
                LOG.warnf(
                    "transfer %s of licence %s not seen bought: ignored", eventId, t.tokenId());
                return Uni.createFrom().voidItem();
              }
              Row r = rows.iterator().next();
              String from = r.getString("holder");
              return ChainEffects.record(tx, eventId, "holder", t.tokenId(), from)
                  .chain(
                      () ->
                          tx.preparedQuery("UPDATE licence SET holder = $2 WHERE license_id = $1")
                              .execute(Tuple.of(dec(t.tokenId()), to)))
                  .chain(
                      () ->
                          outbox.add(
                              tx,
                              Outbox.derivedId(eventId, "transferred"),
                              new EntitlementTransferred(
                                  t.tokenId(),
                                  t.chainId(),
                                  r.getBigDecimal("model_id").toPlainString(),
                                  from,
                                  to,
                                  callsLeft(r),
                                  t.txHash(),
                                  t.blockNumber(),
                                  false)));
            });
  }

  /** Records the single value {@code select} gives (column {@code v}) as it was. */
  private static Uni<Void> keyed(
      SqlConnection tx, String eventId, String kind, String key, String select, Tuple args) {
    return tx.preparedQuery(select)
        .execute(args)
        .flatMap(
            rows ->
                ChainEffects.record(
                    tx,
                    eventId,
                    kind,
                    key,
                    rows.size() == 0 ? null : rows.iterator().next().getString("v")));
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
                case "tier" ->
                    tx.preparedQuery("DELETE FROM tier WHERE tier_id = $1")
                        .execute(Tuple.of(dec(key)))
                        .replaceWithVoid();
                case "tier-active" ->
                    tx.preparedQuery("UPDATE tier SET active = $2 WHERE tier_id = $1")
                        .execute(Tuple.of(dec(key), Boolean.parseBoolean(before)))
                        .replaceWithVoid();
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
    return tx.preparedQuery(
            "DELETE FROM licence WHERE license_id = $1 RETURNING model_id, holder, purchase_tx")
        .execute(Tuple.of(dec(licenseId)))
        .flatMap(
            rows -> {
              if (rows.size() == 0) {
                return Uni.createFrom().voidItem();
              }
              Row r = rows.iterator().next();
              return outbox.add(
                  tx,
                  Outbox.derivedId(retractionId, "revoked"),
                  new EntitlementRevoked(
                      licenseId,
                      config.chainId(),
                      r.getBigDecimal("model_id").toPlainString(),
                      r.getString("holder"),
                      r.getString("purchase_tx"),
                      "retracted"));
            });
  }

  private Uni<Void> restoreHolder(
      SqlConnection tx,
      String licenseId,
      String holder,
      String retractionId,
      ChainEvent retraction) {
    return tx.preparedQuery(
            "SELECT holder, model_id, call_quota, calls_used FROM licence"
                + " WHERE license_id = $1 FOR UPDATE")
        .execute(Tuple.of(dec(licenseId)))
        .flatMap(
            rows -> {
              if (rows.size() == 0) {
                return Uni.createFrom().voidItem();
              }
              Row r = rows.iterator().next();
              return tx.preparedQuery("UPDATE licence SET holder = $2 WHERE license_id = $1")
                  .execute(Tuple.of(dec(licenseId), holder))
                  .chain(
                      () ->
                          outbox.add(
                              tx,
                              Outbox.derivedId(retractionId, "transferred"),
                              new EntitlementTransferred(
                                  licenseId,
                                  config.chainId(),
                                  r.getBigDecimal("model_id").toPlainString(),
                                  r.getString("holder"),
                                  holder,
                                  callsLeft(r),
                                  retraction.txHash(),
                                  retraction.blockNumber(),
                                  true)));
            });
  }

  /** The calls a licence has left, or null when its quota is unlimited. */
  static String callsLeft(Row r) {
    long quota = r.getLong("call_quota");
    return quota == 0 ? null : Long.toString(Math.max(0, quota - r.getLong("calls_used")));
  }

  private static long capped(String uint) {
    return new BigInteger(uint).min(LONG_MAX).longValueExact();
  }

  private static BigDecimal dec(String decimal) {
    return new BigDecimal(new BigInteger(decimal));
  }

  private static String lower(String address) {
    return address.toLowerCase(Locale.ROOT);
  }
}
