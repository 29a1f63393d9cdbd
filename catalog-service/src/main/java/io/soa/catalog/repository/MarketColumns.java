package io.soa.catalog.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The model's columns that search filters and sorts the market by, recomputed from the market
 * tables in the transaction of each change that can move them (a listing, a sale, a licence or
 * model token changing hands, a model tokenized), so a retraction restores them too: {@code
 * for_sale} when a listing of the model's token or of one of its licences is open and its seller
 * still holds the token (the marketplace would refuse the sale otherwise), {@code last_sale_price}
 * the price of the newest sale of either.
 */
public final class MarketColumns {
  private MarketColumns() {}

  private static final String SET =
      "UPDATE model m SET for_sale = EXISTS (SELECT 1 FROM market_listing l LEFT JOIN"
          + " chain_licence c ON l.kind = 'license' AND c.chain_id = l.chain_id AND c.license_id ="
          + " l.token_id WHERE l.chain_id = m.token_chain_id AND l.model_token_id = m.token_id AND"
          + " l.status = 'active' AND l.seller = CASE WHEN l.kind = 'model' THEN m.token_owner"
          + " ELSE c.holder END), last_sale_price = (SELECT s.price FROM market_sale s WHERE"
          + " s.chain_id = m.token_chain_id AND s.model_token_id = m.token_id ORDER BY"
          + " s.block_number DESC, s.log_index DESC LIMIT 1)";

  /**
   * Transaction-scoped locks on one model token or one licence, taken by every transaction that
   * reads one topic's rows to refresh the columns and writes another's, before it writes anything
   * (a licence's key before its model's, so no two transactions wait on each other): the registry,
   * market and licence topics are consumed concurrently, and without them a sale committed beside
   * its model's tokenization is seen by neither (each reads before the other commits; found by the
   * catalog bench: one sale in 1,000 missing from last_sale_price). Events of different models do
   * not wait for each other.
   */
  private static final String LOCK =
      "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext($1))) l";

  private static final String LOCK_SESSION =
      "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext(?1))) l";

  /** Serializes the changes of the model token {@code token}; nothing when it is not known. */
  public static Uni<Void> lockModel(SqlConnection tx, long chainId, String token) {
    return token == null ? Uni.createFrom().voidItem() : lock(tx, "model:" + chainId + ":" + token);
  }

  /** The same lock, in the Hibernate session's transaction. */
  public static Uni<Void> lockModel(Mutiny.Session session, long chainId, String token) {
    return token == null
        ? Uni.createFrom().voidItem()
        : session
            .createNativeQuery(LOCK_SESSION)
            .setParameter(1, "soa.catalog.market:model:" + chainId + ":" + token)
            .getSingleResult()
            .replaceWithVoid();
  }

  /** Serializes the changes of one licence (its purchase, listings, sales and transfers). */
  public static Uni<Void> lockLicence(SqlConnection tx, long chainId, String licenceId) {
    return lock(tx, "licence:" + chainId + ":" + licenceId);
  }

  private static Uni<Void> lock(SqlConnection tx, String key) {
    return tx.preparedQuery(LOCK).execute(Tuple.of("soa.catalog.market:" + key)).replaceWithVoid();
  }

  /** In a SQL transaction; nothing when the model token is not known. */
  public static Uni<Void> refresh(
      SqlConnection tx, String registry, long chainId, String modelToken) {
    if (modelToken == null) {
      return Uni.createFrom().voidItem();
    }
    return tx.preparedQuery(
            SET
                + " WHERE m.token_chain_id = $1 AND m.token_contract = $2 AND m.token_id = $3::text::numeric")
        .execute(Tuple.of(chainId, registry, modelToken))
        .replaceWithVoid();
  }

  /**
   * Of one catalog model, in the Hibernate session's transaction (the registry mirror's), after its
   * pending changes are flushed: its token, owner or lack of a token is what the columns follow.
   */
  public static Uni<Void> refresh(Mutiny.Session session, java.util.UUID modelId) {
    return session
        .flush()
        .flatMap(
            x ->
                session
                    .createNativeQuery(SET + " WHERE m.id = ?1")
                    .setParameter(1, modelId)
                    .executeUpdate())
        .replaceWithVoid();
  }
}
