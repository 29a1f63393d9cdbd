package io.soa.licensing.entitlement.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The catalog's side of each model (catalog_model), written by the catalog mirror. */
@ApplicationScoped
public class CatalogModels {

  /** The model's features and endpoint, as the catalog describes it now. */
  public Uni<Void> describe(
      SqlConnection tx, String catalogId, List<String> features, String endpoint) {
    return exec(
        tx,
        "INSERT INTO catalog_model (catalog_id, features, endpoint_url) VALUES ($1, $2, $3)"
            + " ON CONFLICT (catalog_id) DO UPDATE SET features = $2, endpoint_url = $3",
        Tuple.from(
            Arrays.asList(
                UUID.fromString(catalogId),
                (features == null ? List.<String>of() : features).toArray(String[]::new),
                endpoint)));
  }

  /** The model token that is this catalog model's, or none ({@code tokenId} null). */
  public Uni<Void> token(SqlConnection tx, String catalogId, String tokenId) {
    return tokenId == null
        ? exec(
            tx,
            "UPDATE catalog_model SET token_id = NULL WHERE catalog_id = $1",
            Tuple.of(UUID.fromString(catalogId)))
        : exec(
            tx,
            "INSERT INTO catalog_model (catalog_id, token_id) VALUES ($1, $2)"
                + " ON CONFLICT (catalog_id) DO UPDATE SET token_id = $2",
            Tuple.of(UUID.fromString(catalogId), new BigDecimal(new BigInteger(tokenId))));
  }

  public Uni<Void> listed(SqlConnection tx, String catalogId, boolean listed) {
    return exec(
        tx,
        "INSERT INTO catalog_model (catalog_id, listed) VALUES ($1, $2)"
            + " ON CONFLICT (catalog_id) DO UPDATE SET listed = $2",
        Tuple.of(UUID.fromString(catalogId), listed));
  }

  private static Uni<Void> exec(SqlConnection tx, String sql, Tuple args) {
    return tx.preparedQuery(sql).execute(args).replaceWithVoid();
  }
}
