package io.soa.catalog.service;

import io.smallrye.mutiny.Uni;
import io.soa.catalog.config.ChainConfig;
import io.soa.catalog.repository.MarketColumns;
import io.soa.events.ChainEvent;
import io.soa.events.EventCodec;
import io.soa.events.chain.LicensePurchased;
import io.soa.events.chain.LicenseTransferred;
import io.soa.events.chain.TierCreated;
import io.soa.events.chain.TierUpdated;
import io.soa.platform.types.Address;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Arrays;
import java.util.Locale;

/**
 * The licence token's half of {@link MarketMirror}: tiers (and their activations), licences and
 * their holders, in the market mirror's transaction. Rows are keyed by the event that made them, so
 * a retraction undoes exactly that; holder changes refresh the model's search columns.
 */
final class LicenceMirror {
  private static final String ZERO = "0x0000000000000000000000000000000000000000";

  private final ChainConfig chain;

  LicenceMirror(ChainConfig chain) {
    this.chain = chain;
  }

  /** Applies a licence-token event {@code e} whose id is {@code id}. */
  Uni<Void> apply(SqlConnection tx, String id, ChainEvent e) {
    return switch (e) {
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

  /** Takes back what the licence-token event {@code original} ({@code e} its data) did. */
  Uni<Void> undo(SqlConnection tx, String original, ChainEvent e) {
    return switch (e) {
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

  /** The on-chain model of a licence, null while its purchase is not mirrored yet. */
  Uni<String> modelOf(SqlConnection tx, long chainId, String licenseId) {
    return tx.preparedQuery(
            "SELECT model_token_id::text FROM chain_licence WHERE chain_id = $1 AND license_id ="
                + " $2::text::numeric ORDER BY event_id LIMIT 1")
        .execute(Tuple.of(chainId, licenseId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
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
}
