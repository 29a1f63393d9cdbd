package io.soa.catalog.repository;

import io.smallrye.mutiny.Uni;
import io.soa.events.EventCodec;
import io.soa.events.chain.LicensePurchased;
import io.soa.events.chain.TierCreated;
import io.soa.events.chain.TierUpdated;
import io.soa.platform.types.Address;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Arrays;
import java.util.Locale;

/**
 * Tiers and licences as the chain made them (chain_tier, chain_tier_change, chain_licence), rows
 * keyed by the event that made them, so a retraction deletes exactly those; in the market mirror's
 * transaction.
 */
public final class LicenceRows {
  private LicenceRows() {}

  public static Uni<Void> tierCreated(SqlConnection tx, String id, TierCreated t) {
    return tx.preparedQuery(
            "INSERT INTO chain_tier (event_id, chain_id, tier_id, model_token_id, price, duration,"
                + " call_quota, max_supply, transferable, terms_digest, features, active,"
                + " created_block) VALUES ($1, $2, $3::text::numeric, $4::text::numeric,"
                + " $5::text::numeric, $6::text::numeric, $7::text::numeric, $8, $9, $10, $11,"
                + " true, $12)")
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

  public static Uni<Void> deleteTier(SqlConnection tx, String original) {
    return tx.preparedQuery("DELETE FROM chain_tier WHERE event_id = $1")
        .execute(Tuple.of(original))
        .replaceWithVoid();
  }

  /** Sets the tier's activation, keeping what it was under the event's id. */
  public static Uni<Void> tierUpdated(SqlConnection tx, String id, TierUpdated u) {
    return tx.preparedQuery(
            "WITH before AS (SELECT event_id, active FROM chain_tier WHERE chain_id = $2 AND"
                + " tier_id = $3::text::numeric AND model_token_id = $4::text::numeric),"
                + " change AS (INSERT INTO chain_tier_change (event_id, chain_id, tier_id,"
                + " active_before) SELECT $1, $2, $3::text::numeric, active FROM before)"
                + " UPDATE chain_tier SET active = $5 WHERE event_id IN (SELECT event_id FROM"
                + " before)")
        .execute(Tuple.of(id, u.chainId(), u.tierId(), u.modelId(), u.active()))
        .replaceWithVoid();
  }

  /** Restores the activation the event {@code original} changed. */
  public static Uni<Void> undoTierUpdated(SqlConnection tx, String original, TierUpdated u) {
    return tx.preparedQuery(
            "WITH change AS (DELETE FROM chain_tier_change WHERE event_id = $1 RETURNING"
                + " active_before) UPDATE chain_tier SET active = change.active_before FROM"
                + " change WHERE chain_id = $2 AND tier_id = $3::text::numeric AND model_token_id ="
                + " $4::text::numeric")
        .execute(Tuple.of(original, u.chainId(), u.tierId(), u.modelId()))
        .replaceWithVoid();
  }

  /**
   * Records the licence, and gives the listings and sales of it that came first (the market and
   * licence topics are not ordered with each other) their model.
   */
  public static Uni<Void> purchased(SqlConnection tx, String id, LicensePurchased p) {
    return tx.preparedQuery(
            "INSERT INTO chain_licence (event_id, chain_id, license_id, tier_id, model_token_id,"
                + " holder) VALUES ($1, $2, $3::text::numeric, $4::text::numeric,"
                + " $5::text::numeric, $6)")
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
                        "WITH l AS (UPDATE market_listing SET model_token_id = $3::text::numeric"
                            + " WHERE chain_id = $1 AND kind = 'license' AND token_id ="
                            + " $2::text::numeric AND model_token_id IS NULL RETURNING 1) UPDATE"
                            + " market_sale SET model_token_id = $3::text::numeric WHERE chain_id"
                            + " = $1 AND kind = 'license' AND token_id = $2::text::numeric AND"
                            + " model_token_id IS NULL")
                    .execute(Tuple.of(p.chainId(), p.licenseId(), p.modelId())))
        .replaceWithVoid();
  }

  public static Uni<Void> deleteLicence(SqlConnection tx, String original) {
    return tx.preparedQuery("DELETE FROM chain_licence WHERE event_id = $1")
        .execute(Tuple.of(original))
        .replaceWithVoid();
  }

  /** Moves a licence from {@code from} to {@code to}: its model token, or null if none moved. */
  public static Uni<String> moveHolder(
      SqlConnection tx, long chainId, String licenseId, String from, String to) {
    return tx.preparedQuery(
            "UPDATE chain_licence SET holder = $4 WHERE chain_id = $1 AND license_id ="
                + " $2::text::numeric AND holder = $3 RETURNING model_token_id::text")
        .execute(Tuple.of(chainId, licenseId, from, to))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  /** The on-chain model of a licence, null while its purchase is not mirrored yet. */
  public static Uni<String> modelOf(SqlConnection tx, long chainId, String licenseId) {
    return tx.preparedQuery(
            "SELECT model_token_id::text FROM chain_licence WHERE chain_id = $1 AND license_id ="
                + " $2::text::numeric ORDER BY event_id LIMIT 1")
        .execute(Tuple.of(chainId, licenseId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }
}
