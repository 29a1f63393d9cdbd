package io.soa.licensing.signin.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/**
 * Sign-in nonces used (nonces are issued without a row, see {@code SignedNonce}): a nonce is stored
 * when a sign-in consumes it, until it expires, so that it signs in at most once.
 */
@ApplicationScoped
public class NonceStore {
  private final Pool pool;

  public NonceStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Records {@code nonce} as used by {@code address}, in one statement (so two sign-ins racing with
   * one message cannot both succeed): true when this sign-in used it, false when it was used.
   */
  public Uni<Boolean> consume(String nonce, String address, OffsetDateTime expiresAt) {
    return pool.preparedQuery(
            "INSERT INTO siwe_nonce (nonce, issued_at, expires_at, used_at, address)"
                + " VALUES ($1, now(), $2, now(), $3) ON CONFLICT (nonce) DO NOTHING RETURNING 1")
        .execute(Tuple.of(nonce, expiresAt, address))
        .map(rows -> rows.size() == 1);
  }

  /** Forgets used nonces past their expiry (a sign-in refuses them as expired anyway). */
  public Uni<Integer> purge() {
    return pool.preparedQuery("DELETE FROM siwe_nonce WHERE expires_at < now()")
        .execute()
        .map(rows -> rows.rowCount());
  }
}
