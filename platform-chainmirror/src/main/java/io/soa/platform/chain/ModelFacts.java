package io.soa.platform.chain;

import io.smallrye.mutiny.Uni;
import io.soa.events.chain.UsagePriceSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;

/**
 * Owners and per-feature prices of model tokens, mirrored from soa.chain.models.v1 the same way by
 * every service that needs them: tables {@code model_owner (model_id NUMERIC(78,0) PRIMARY KEY,
 * owner TEXT)} and {@code feature_price (model_id, feature TEXT, price NUMERIC(78,0), PRIMARY KEY
 * (model_id, feature))}, a price of 0 meaning none. Each change records its {@link ChainEffects}
 * (kinds {@code price} and {@code owner}), in the caller's transaction, so a retraction restores
 * exactly the value before.
 */
public final class ModelFacts {
  private ModelFacts() {}

  /** Applies a price change, recording the price before. */
  public static Uni<Void> price(SqlConnection tx, String eventId, UsagePriceSet p) {
    return tx.preparedQuery(
            "SELECT price::text AS v FROM feature_price WHERE model_id = $1 AND feature = $2")
        .execute(Tuple.of(dec(p.modelId()), p.feature()))
        .flatMap(
            rows ->
                ChainEffects.record(
                    tx,
                    eventId,
                    "price",
                    p.modelId() + ":" + p.feature(),
                    rows.size() == 0 ? null : rows.iterator().next().getString("v")))
        .chain(() -> setPrice(tx, p.modelId(), p.feature(), p.pricePerCall()));
  }

  /** Applies an owner change (a tokenization or a transfer), recording the owner before. */
  public static Uni<Void> owner(SqlConnection tx, String eventId, String model, String owner) {
    return tx.preparedQuery("SELECT owner AS v FROM model_owner WHERE model_id = $1")
        .execute(Tuple.of(dec(model)))
        .flatMap(
            rows ->
                ChainEffects.record(
                    tx,
                    eventId,
                    "owner",
                    model,
                    rows.size() == 0 ? null : rows.iterator().next().getString("v")))
        .chain(() -> setOwner(tx, model, owner));
  }

  /** The restore of {@code e} when it is a price or an owner effect; empty for other kinds. */
  public static Optional<Uni<Void>> undo(SqlConnection tx, ChainEffects.Effect e) {
    return switch (e.kind()) {
      case "price" -> {
        String[] mf = e.key().split(":", 2);
        yield Optional.of(setPrice(tx, mf[0], mf[1], e.before() == null ? "0" : e.before()));
      }
      case "owner" ->
          Optional.of(
              e.before() == null
                  ? tx.preparedQuery("DELETE FROM model_owner WHERE model_id = $1")
                      .execute(Tuple.of(dec(e.key())))
                      .replaceWithVoid()
                  : setOwner(tx, e.key(), e.before()));
      default -> Optional.empty();
    };
  }

  private static Uni<Void> setPrice(SqlConnection tx, String model, String feature, String price) {
    return "0".equals(price)
        ? tx.preparedQuery("DELETE FROM feature_price WHERE model_id = $1 AND feature = $2")
            .execute(Tuple.of(dec(model), feature))
            .replaceWithVoid()
        : tx.preparedQuery(
                "INSERT INTO feature_price (model_id, feature, price) VALUES ($1, $2, $3)"
                    + " ON CONFLICT (model_id, feature) DO UPDATE SET price = $3")
            .execute(Tuple.of(dec(model), feature, dec(price)))
            .replaceWithVoid();
  }

  private static Uni<Void> setOwner(SqlConnection tx, String model, String owner) {
    return tx.preparedQuery(
            "INSERT INTO model_owner (model_id, owner) VALUES ($1, $2)"
                + " ON CONFLICT (model_id) DO UPDATE SET owner = $2")
        .execute(Tuple.of(dec(model), owner.toLowerCase(Locale.ROOT)))
        .replaceWithVoid();
  }

  private static BigDecimal dec(String decimal) {
    return new BigDecimal(new BigInteger(decimal));
  }
}
