package io.soa.licensing.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A licence's calls taken by the gateway and given back. A take is one conditional statement: it
 * succeeds only while the licence is the caller's, not expired, not listed for sale and has calls
 * left, so concurrent callers, here or at another replica, never overdraw it.
 */
@ApplicationScoped
public class Takes {
  /** A take ({@code delta} +1, by {@code holder} at {@code nowSeconds}) or a give-back (-1). */
  public record Change(BigInteger licenseId, int delta, String holder, long nowSeconds) {}

  /** The licence after a change. */
  public record After(
      BigInteger licenseId, String modelId, String holder, long callQuota, long callsUsed) {}

  /** Applies the changes in order: each one's licence after it, or empty when it was refused. */
  public Uni<List<Optional<After>>> apply(SqlConnection tx, List<Change> changes) {
    if (changes.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return tx.preparedQuery(
            """
            UPDATE licence SET calls_used = calls_used + $2
            WHERE license_id = $1 AND (
              ($2 < 0 AND calls_used > 0)
              OR ($2 > 0 AND holder = $3
                  AND NOT EXISTS (SELECT 1 FROM licence_listing x WHERE x.license_id = $1)
                  AND (call_quota = 0 OR calls_used < call_quota)
                  AND (expires_at = 0 OR expires_at > $4)))
            RETURNING license_id, model_id, holder, call_quota, calls_used""")
        .executeBatch(
            changes.stream()
                .map(
                    c ->
                        Tuple.of(
                            new BigDecimal(c.licenseId()),
                            c.delta(),
                            c.holder() == null ? "" : c.holder(),
                            c.nowSeconds()))
                .toList())
        .map(
            first -> {
              List<Optional<After>> out = new ArrayList<>();
              for (var rows = first; rows != null; rows = rows.next()) {
                if (rows.size() == 0) {
                  out.add(Optional.empty());
                  continue;
                }
                Row r = rows.iterator().next();
                out.add(
                    Optional.of(
                        new After(
                            r.getBigDecimal("license_id").toBigIntegerExact(),
                            r.getBigDecimal("model_id").toPlainString(),
                            r.getString("holder"),
                            r.getLong("call_quota"),
                            r.getLong("calls_used"))));
              }
              return out;
            });
  }
}
