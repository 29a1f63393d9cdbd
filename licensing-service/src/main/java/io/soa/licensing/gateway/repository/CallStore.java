package io.soa.licensing.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The gateway's record of each call by request id ({@code access_call}, see V4): an attempt begins
 * by claiming the row in one statement, so of two requests with the same id exactly one proceeds,
 * here or at another replica; it ends in the transaction of its decision's event.
 */
@ApplicationScoped
public class CallStore {
  /** A call as recorded: its binding, state and, once decided, how it was paid and answered. */
  public record Recorded(
      String fingerprint,
      String state,
      int attempt,
      String access,
      BigInteger licenseId,
      UUID chargeId,
      BigInteger charged,
      Integer status) {}

  /** How an attempt ended: {@code answered} keeps the payment, {@code failed} gave it back. */
  public record Finish(
      String requestKey,
      int attempt,
      boolean answered,
      String access,
      BigInteger licenseId,
      String chargeId,
      BigInteger charged,
      Integer status) {}

  private final Pool pool;

  public CallStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Claims {@code requestKey} for a new attempt: the attempt's number, or empty when the key is
   * held (in flight and younger than {@code stale}, answered, or bound to another fingerprint).
   */
  public Uni<Optional<Integer>> begin(String requestKey, String fingerprint, Duration stale) {
    return pool.preparedQuery(
            """
            INSERT INTO access_call AS a (request_key, fingerprint, state, attempt, started_at)
            VALUES ($1, $2, 'in-flight', 1, now())
            ON CONFLICT (request_key) DO UPDATE SET
              state = 'in-flight', attempt = a.attempt + 1, started_at = now(), access = NULL,
              license_id = NULL, charge_id = NULL, charged = NULL, status = NULL,
              finished_at = NULL
            WHERE a.fingerprint = EXCLUDED.fingerprint AND (a.state = 'failed'
              OR (a.state = 'in-flight' AND a.started_at < now() - make_interval(secs => $3)))
            RETURNING attempt""")
        .execute(Tuple.of(requestKey, fingerprint, (double) stale.toSeconds()))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.<Integer>empty()
                    : Optional.of(rows.iterator().next().getInteger("attempt")));
  }

  /** The call recorded under {@code requestKey}, if any. */
  public Uni<Optional<Recorded>> find(String requestKey) {
    return pool.preparedQuery(
            "SELECT fingerprint, state, attempt, access, license_id, charge_id, charged, status"
                + " FROM access_call WHERE request_key = $1")
        .execute(Tuple.of(requestKey))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(recorded(rows.iterator().next())));
  }

  /** Ends attempts in {@code tx} (the decisions' transaction); a later attempt is left alone. */
  public static Uni<Void> finish(SqlConnection tx, List<Finish> finishes) {
    if (finishes.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return tx.preparedQuery(
            """
            UPDATE access_call SET state = $3, access = $4, license_id = $5, charge_id = $6,
              charged = $7, status = $8, finished_at = now()
            WHERE request_key = $1 AND attempt = $2 AND state = 'in-flight'""")
        .executeBatch(
            finishes.stream()
                .map(
                    f ->
                        Tuple.from(
                            java.util.Arrays.asList(
                                f.requestKey(),
                                f.attempt(),
                                f.answered() ? "answered" : "failed",
                                f.access(),
                                f.licenseId() == null ? null : new BigDecimal(f.licenseId()),
                                f.chargeId() == null ? null : UUID.fromString(f.chargeId()),
                                f.charged() == null ? null : new BigDecimal(f.charged()),
                                f.status())))
                .toList())
        .replaceWithVoid();
  }

  /** Forgets calls started before {@code age} ago, at most {@code limit}: how many. */
  public Uni<Integer> prune(Duration age, int limit) {
    return pool.preparedQuery(
            "DELETE FROM access_call WHERE request_key IN (SELECT request_key FROM access_call"
                + " WHERE started_at < now() - make_interval(secs => $1) LIMIT $2)")
        .execute(Tuple.of((double) age.toSeconds(), limit))
        .map(rows -> rows.rowCount());
  }

  private static Recorded recorded(Row r) {
    BigDecimal licence = r.getBigDecimal("license_id");
    BigDecimal charged = r.getBigDecimal("charged");
    return new Recorded(
        r.getString("fingerprint"),
        r.getString("state"),
        r.getInteger("attempt"),
        r.getString("access"),
        licence == null ? null : licence.toBigInteger(),
        r.getUUID("charge_id"),
        charged == null ? null : charged.toBigInteger(),
        r.getInteger("status"));
  }
}
