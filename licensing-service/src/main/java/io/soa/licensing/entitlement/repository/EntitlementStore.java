package io.soa.licensing.entitlement.repository;

import io.smallrye.mutiny.Uni;
import io.soa.licensing.entitlement.Licence;
import io.soa.licensing.entitlement.ModelContext;
import io.soa.licensing.entitlement.Tier;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads of the mirrored licences, tiers and models (the chain mirror and catalog mirror write). */
@ApplicationScoped
public class EntitlementStore {
  /** The most licences one listing answers. */
  public static final int MAX_LICENCES = 500;

  private final Pool pool;

  public EntitlementStore(Pool pool) {
    this.pool = pool;
  }

  /** {@code holder}'s licences, of {@code model} only when it is not null, by id. */
  public Uni<List<Licence>> licences(String holder, BigInteger model) {
    return pool.preparedQuery(
            "SELECT l.license_id, l.tier_id, l.model_id, l.holder, l.expires_at, l.call_quota,"
                + " l.calls_used, EXISTS (SELECT 1 FROM licence_listing x WHERE x.license_id = l.license_id) AS listed, t.features FROM licence l LEFT JOIN tier t USING (tier_id)"
                + " WHERE l.holder = $1 AND ($2::numeric IS NULL OR l.model_id = $2)"
                + " ORDER BY l.license_id LIMIT "
                + MAX_LICENCES)
        .execute(Tuple.of(holder, model == null ? null : new BigDecimal(model)))
        .map(rows -> rows.stream().map(EntitlementStore::licence).toList());
  }

  /** The model's catalog side, owner and prices; {@link ModelContext#known()} false if none. */
  public Uni<ModelContext> model(BigInteger model) {
    BigDecimal id = new BigDecimal(model);
    Uni<Row> described =
        pool.preparedQuery(
                "SELECT c.catalog_id, c.features, c.endpoint_url, c.listed, o.owner"
                    + " FROM (SELECT $1::numeric AS id) m"
                    + " LEFT JOIN catalog_model c ON c.token_id = m.id"
                    + " LEFT JOIN model_owner o ON o.model_id = m.id")
            .execute(Tuple.of(id))
            .map(rows -> rows.iterator().next());
    Uni<Map<String, BigInteger>> prices =
        pool.preparedQuery("SELECT feature, price FROM feature_price WHERE model_id = $1")
            .execute(Tuple.of(id))
            .map(
                rows -> {
                  Map<String, BigInteger> m = new HashMap<>();
                  rows.forEach(
                      r ->
                          m.put(
                              r.getString("feature"),
                              r.getBigDecimal("price").toBigIntegerExact()));
                  return m;
                });
    return Uni.combine()
        .all()
        .unis(described, prices)
        .with(
            (r, p) -> {
              Object catalogId = r.getValue("catalog_id");
              String[] features = r.getArrayOfStrings("features");
              return new ModelContext(
                  model,
                  catalogId == null ? null : catalogId.toString(),
                  features == null ? List.of() : Arrays.asList(features),
                  r.getString("endpoint_url"),
                  r.getBoolean("listed") == null || r.getBoolean("listed"),
                  r.getString("owner"),
                  p);
            });
  }

  /**
   * Listed models with a price per call for at least one feature, by model id: at most {@code
   * limit}, each with its features and prices (the endpoint and owner are not needed to list).
   */
  public Uni<List<ModelContext>> pricedModels(int limit) {
    return pool.preparedQuery(
            "SELECT c.catalog_id, c.token_id, c.features,"
                + " array_agg(p.feature ORDER BY p.feature) AS keys,"
                + " array_agg(p.price::text ORDER BY p.feature) AS prices"
                + " FROM catalog_model c JOIN feature_price p ON p.model_id = c.token_id"
                + " WHERE c.listed GROUP BY c.catalog_id, c.token_id, c.features"
                + " ORDER BY c.token_id LIMIT $1")
        .execute(Tuple.of(limit))
        .map(
            rows -> {
              List<ModelContext> out = new java.util.ArrayList<>();
              for (Row r : rows) {
                String[] keys = r.getArrayOfStrings("keys");
                String[] prices = r.getArrayOfStrings("prices");
                Map<String, BigInteger> p = new HashMap<>();
                for (int i = 0; i < keys.length; i++) {
                  p.put(keys[i], new BigInteger(prices[i]));
                }
                out.add(
                    new ModelContext(
                        r.getBigDecimal("token_id").toBigIntegerExact(),
                        r.getValue("catalog_id").toString(),
                        Arrays.asList(r.getArrayOfStrings("features")),
                        null,
                        true,
                        null,
                        p));
              }
              return out;
            });
  }

  /** The model's tiers, by id, with how many licences of each were sold. */
  public Uni<List<Tier>> tiers(BigInteger model) {
    return pool.preparedQuery(
            "SELECT t.*, (SELECT count(*) FROM licence l WHERE l.tier_id = t.tier_id) AS sold"
                + " FROM tier t WHERE t.model_id = $1 ORDER BY t.tier_id")
        .execute(Tuple.of(new BigDecimal(model)))
        .map(
            rows -> {
              List<Tier> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new Tier(
                        big(r, "tier_id"),
                        big(r, "model_id"),
                        big(r, "price"),
                        r.getLong("duration"),
                        r.getLong("call_quota"),
                        r.getLong("max_supply"),
                        r.getLong("sold"),
                        r.getBoolean("transferable"),
                        r.getString("terms_digest"),
                        Arrays.asList(r.getArrayOfStrings("features")),
                        r.getBoolean("active")));
              }
              return out;
            });
  }

  private static Licence licence(Row r) {
    String[] features = r.getArrayOfStrings("features");
    return new Licence(
        big(r, "license_id"),
        big(r, "tier_id"),
        big(r, "model_id"),
        r.getString("holder"),
        features == null ? List.of() : Arrays.asList(features),
        r.getLong("expires_at"),
        r.getLong("call_quota"),
        r.getLong("calls_used"),
        r.getBoolean("listed"));
  }

  private static BigInteger big(Row r, String column) {
    return r.getBigDecimal(column).toBigIntegerExact();
  }
}
