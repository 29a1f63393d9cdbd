package io.soa.licensing.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/** Sign-in nonces: issued, then consumed at most once. */
@ApplicationScoped
public class NonceStore {
  private final Pool pool;

  public NonceStore(Pool pool) {
    this.pool = pool;
  }

  public Uni<Void> issue(String nonce, OffsetDateTime issuedAt, OffsetDateTime expiresAt) {
    return pool.preparedQuery(
            "INSERT INTO siwe_nonce (nonce, issued_at, expires_at) VALUES ($1, $2, $3)")
        .execute(Tuple.of(nonce, issuedAt, expiresAt))
        .replaceWithVoid();
  }

  /** Why a nonce could not be consumed. */
  public enum Refusal {
    UNKNOWN,
    USED,
    EXPIRED
  }

  /**
   * Marks {@code nonce} used by {@code address}, in one conditional statement (so two sign-ins
   * racing with one message cannot both succeed); null on success, else why not.
   */
  public Uni<Refusal> consume(String nonce, String address) {
    return pool.preparedQuery(
            """
            WITH used AS (
              UPDATE siwe_nonce SET used_at = now(), address = $2
              WHERE nonce = $1 AND used_at IS NULL AND expires_at > now() RETURNING 1)
            SELECT (SELECT count(*) FROM used) AS used,
                   (SELECT used_at IS NOT NULL FROM siwe_nonce WHERE nonce = $1) AS was_used,
                   (SELECT expires_at <= now() FROM siwe_nonce WHERE nonce = $1) AS expired""")
        .execute(Tuple.of(nonce, address))
        .map(
            rows -> {
              var r = rows.iterator().next();
              if (r.getLong("used") == 1) {
                return null;
              }
              Boolean wasUsed = r.getBoolean("was_used");
              if (wasUsed == null) {
                return Refusal.UNKNOWN;
              }
              return wasUsed ? Refusal.USED : Refusal.EXPIRED;
            });
  }

  /** Forgets nonces that expired more than a day ago (they can never be consumed). */
  public Uni<Integer> purge() {
    return pool.preparedQuery("DELETE FROM siwe_nonce WHERE expires_at < now() - interval '1 day'")
        .execute()
        .map(rows -> rows.rowCount());
  }
}
