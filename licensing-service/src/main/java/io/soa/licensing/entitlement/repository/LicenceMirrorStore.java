package io.soa.licensing.entitlement.repository;

import io.smallrye.mutiny.Uni;
import io.soa.events.chain.LicensePurchased;
import io.soa.events.chain.TierCreated;
import io.soa.platform.persistence.Rows;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The chain mirror's writes of tiers and licences, in the transaction of the event that causes
 * them. uint64 values above a long (an expiry or quota that never runs out here) are held as
 * Long.MAX_VALUE. Calls used are never written here.
 */
@ApplicationScoped
public class LicenceMirrorStore {
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  /** A licence as the mirror locks it: who holds it, and the calls it has left. */
  public record Held(String holder, String modelId, long callQuota, long callsUsed) {
    /** The calls left, or null when the quota is unlimited. */
    public String callsLeft() {
      return callQuota == 0 ? null : Long.toString(Math.max(0, callQuota - callsUsed));
    }
  }

  /** A licence the mirror deleted (its purchase was retracted). */
  public record Removed(String modelId, String holder, String purchaseTx) {}

  public Uni<Void> insertTier(SqlConnection tx, TierCreated t) {
    return tx.preparedQuery(
            "INSERT INTO tier (tier_id, model_id, price, duration, call_quota, max_supply,"
                + " transferable, terms_digest, features, active)"
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
                    t.features().toArray(String[]::new))))
        .replaceWithVoid();
  }

  /** Whether the tier is active ("true"/"false"), or null when it is not known. */
  public Uni<String> tierActive(SqlConnection tx, String tierId) {
    return tx.preparedQuery("SELECT active::text AS v FROM tier WHERE tier_id = $1")
        .execute(Tuple.of(dec(tierId)))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("v"));
  }

  public Uni<Void> setTierActive(SqlConnection tx, String tierId, boolean active) {
    return tx.preparedQuery("UPDATE tier SET active = $2 WHERE tier_id = $1")
        .execute(Tuple.of(dec(tierId), active))
        .replaceWithVoid();
  }

  public Uni<Void> deleteTier(SqlConnection tx, String tierId) {
    return tx.preparedQuery("DELETE FROM tier WHERE tier_id = $1")
        .execute(Tuple.of(dec(tierId)))
        .replaceWithVoid();
  }

  /** Inserts a bought licence: its tier's features, or empty when it was already there. */
  public Uni<Optional<List<String>>> insertLicence(
      SqlConnection tx, LicensePurchased p, String holder) {
    return tx.preparedQuery(
            "INSERT INTO licence (license_id, tier_id, model_id, holder, expires_at, call_quota,"
                + " purchase_tx) VALUES ($1, $2, $3, $4, $5, $6, $7)"
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
                    p.txHash())))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              String[] f = rows.iterator().next().getArrayOfStrings("features");
              return Optional.of(f == null ? List.of() : Arrays.asList(f));
            });
  }

  /** The licence, locked for the rest of the transaction; empty when it is not known. */
  public Uni<Optional<Held>> lock(SqlConnection tx, String licenseId) {
    return tx.preparedQuery(
            "SELECT holder, model_id, call_quota, calls_used FROM licence"
                + " WHERE license_id = $1 FOR UPDATE")
        .execute(Tuple.of(dec(licenseId)))
        .map(
            rows ->
                Rows.first(
                    rows,
                    r ->
                        new Held(
                            r.getString("holder"),
                            r.getBigDecimal("model_id").toPlainString(),
                            r.getLong("call_quota"),
                            r.getLong("calls_used"))));
  }

  public Uni<Void> setHolder(SqlConnection tx, String licenseId, String holder) {
    return tx.preparedQuery("UPDATE licence SET holder = $2 WHERE license_id = $1")
        .execute(Tuple.of(dec(licenseId), holder))
        .replaceWithVoid();
  }

  /** Deletes the licence: what it was, or empty when it was not there. */
  public Uni<Optional<Removed>> delete(SqlConnection tx, String licenseId) {
    return tx.preparedQuery(
            "DELETE FROM licence WHERE license_id = $1 RETURNING model_id, holder, purchase_tx")
        .execute(Tuple.of(dec(licenseId)))
        .map(
            rows ->
                Rows.first(
                    rows,
                    r ->
                        new Removed(
                            r.getBigDecimal("model_id").toPlainString(),
                            r.getString("holder"),
                            r.getString("purchase_tx"))));
  }

  /**
   * Flags up to {@code limit} licences expired at {@code nowSeconds} and not yet announced (rows
   * another replica's sweep holds are skipped): the licences flagged.
   */
  public Uni<List<Expired>> flagExpired(SqlConnection tx, long nowSeconds, int limit) {
    return tx.preparedQuery(
            "UPDATE licence SET expiry_told = true WHERE license_id IN (SELECT license_id FROM"
                + " licence WHERE NOT expiry_told AND expires_at > 0 AND expires_at <= $1"
                + " ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)"
                + " RETURNING license_id, model_id, holder, expires_at, call_quota, calls_used")
        .execute(Tuple.of(nowSeconds, limit))
        .map(
            rows ->
                Rows.all(
                    rows,
                    r ->
                        new Expired(
                            r.getBigDecimal("license_id").toPlainString(),
                            r.getLong("expires_at"),
                            new Held(
                                r.getString("holder"),
                                r.getBigDecimal("model_id").toPlainString(),
                                r.getLong("call_quota"),
                                r.getLong("calls_used")))));
  }

  /** The listing that lists the licence for sale, locked; null when it is not listed. */
  public Uni<String> lockListing(SqlConnection tx, String licenseId) {
    return tx.preparedQuery(
            "SELECT listing_id::text AS v FROM licence_listing WHERE license_id = $1 FOR UPDATE")
        .execute(Tuple.of(dec(licenseId)))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("v"));
  }

  /** Lists the licence by {@code listingId}, or unlists it when that is null. */
  public Uni<Void> setListing(SqlConnection tx, String licenseId, String listingId) {
    if (listingId == null) {
      return tx.preparedQuery("DELETE FROM licence_listing WHERE license_id = $1")
          .execute(Tuple.of(dec(licenseId)))
          .replaceWithVoid();
    }
    return tx.preparedQuery(
            "INSERT INTO licence_listing (license_id, listing_id) VALUES ($1, $2)"
                + " ON CONFLICT (license_id) DO UPDATE SET listing_id = EXCLUDED.listing_id")
        .execute(Tuple.of(dec(licenseId), dec(listingId)))
        .replaceWithVoid();
  }

  /** A licence flagged expired. */
  public record Expired(String licenseId, long expiresAt, Held licence) {}

  private static long capped(String uint) {
    return new BigInteger(uint).min(LONG_MAX).longValueExact();
  }

  private static BigDecimal dec(String decimal) {
    return new BigDecimal(new BigInteger(decimal));
  }
}
