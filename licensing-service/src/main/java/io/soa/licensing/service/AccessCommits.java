package io.soa.licensing.service;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.soa.events.licensing.EntitlementExhausted;
import io.soa.licensing.config.GatewayConfig;
import io.soa.licensing.repository.EntitlementStore;
import io.soa.platform.outbox.Outbox;
import io.soa.platform.persistence.GroupCommit;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's writes, many per transaction ({@link GroupCommit}): a licence's quota taken before
 * a call is forwarded, and afterwards the decision's event with, when the model failed, the call
 * given back (a quota, or a charge to release at payment-service, queued in {@code pending_release}
 * in the same transaction). A take is one conditional statement: it succeeds only while the licence
 * is the caller's, not expired and has calls left, so concurrent callers, here or at another
 * replica, never overdraw it. Statements run in licence-id order, so concurrent transactions lock
 * rows in the same order.
 */
@ApplicationScoped
public class AccessCommits {
  /**
   * One write: a take (+1) for a request, a give-back (-1) or neither, and the events it causes.
   */
  public record Op(
      BigInteger licenseId,
      int delta,
      String holder,
      String requestKey,
      long nowSeconds,
      List<Outbox.Entry> events,
      String releaseChargeId) {

    public static Op take(BigInteger licenseId, String holder, String requestKey) {
      return new Op(
          licenseId, 1, holder, requestKey, Instant.now().getEpochSecond(), List.of(), null);
    }

    public static Op record(Outbox.Entry event, BigInteger giveBack, String releaseChargeId) {
      return new Op(
          giveBack, giveBack == null ? 0 : -1, null, null, 0, List.of(event), releaseChargeId);
    }
  }

  /** A take's result: the calls used after it, or empty when refused; 0 for other ops. */
  private final GroupCommit<Op, Optional<Long>> commits;

  private final Outbox outbox;
  private final io.vertx.mutiny.sqlclient.Pool pool;

  public AccessCommits(
      EntitlementStore store, Outbox outbox, GatewayConfig config, MeterRegistry metrics) {
    this.outbox = outbox;
    this.pool = store.pool();
    this.commits =
        new GroupCommit<>(
            store.pool(),
            config.commitWriters(),
            config.commitBatch(),
            Comparator.comparing(
                (Op o) -> o.licenseId() == null ? BigInteger.valueOf(-1) : o.licenseId()),
            null,
            DistributionSummary.builder("soa_gateway_commit_batch_decisions")
                .description("gateway writes (quota takes, decisions) per transaction")
                .register(metrics),
            this::commitIn);
  }

  /**
   * Takes one call of {@code licenseId} for {@code holder}'s request {@code requestKey}: the calls
   * used after, or empty. The same request again takes nothing and answers the calls used now.
   */
  public Uni<Optional<Long>> take(BigInteger licenseId, String holder, String requestKey) {
    return commits.submit(Op.take(licenseId, holder, requestKey));
  }

  /** The licence whose call {@code requestKey} took before, if it did (a retried request). */
  public Uni<Optional<BigInteger>> takenBefore(String requestKey) {
    return pool.preparedQuery("SELECT license_id FROM licence_take WHERE request_key = $1")
        .execute(Tuple.of(requestKey))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.<BigInteger>empty()
                    : Optional.of(rows.iterator().next().getBigDecimal(0).toBigInteger()));
  }

  /** Records a decision's event, giving a call back to {@code giveBack} when not null. */
  public Uni<Void> record(Outbox.Entry event, BigInteger giveBack, String releaseChargeId) {
    return commits.submit(Op.record(event, giveBack, releaseChargeId)).replaceWithVoid();
  }

  /**
   * Each take's request first: a take whose request is already recorded is a replay (its result is
   * the calls used now); the others take, and a take refused gives its request record back.
   */
  private Uni<List<Optional<Long>>> commitIn(SqlConnection tx, List<Op> ops) {
    List<Op> takes = ops.stream().filter(o -> o.delta() > 0).toList();
    if (takes.isEmpty()) {
      return apply(tx, ops, Map.of());
    }
    return tx.preparedQuery(
            "INSERT INTO licence_take (request_key, license_id, taken_at) VALUES ($1, $2, now())"
                + " ON CONFLICT (request_key) DO NOTHING RETURNING request_key")
        .executeBatch(
            takes.stream()
                .map(o -> Tuple.of(o.requestKey(), new BigDecimal(o.licenseId())))
                .toList())
        .flatMap(
            first -> {
              List<String> replays = new ArrayList<>();
              int k = 0;
              for (var rows = first; rows != null; rows = rows.next(), k++) {
                if (rows.size() == 0) {
                  replays.add(takes.get(k).requestKey());
                }
              }
              if (replays.isEmpty()) {
                return apply(tx, ops, Map.of());
              }
              return tx.preparedQuery(
                      "SELECT t.request_key, l.calls_used FROM licence_take t JOIN licence l ON"
                          + " l.license_id = t.license_id WHERE t.request_key = ANY($1)")
                  .execute(Tuple.of(replays.toArray(new String[0])))
                  .flatMap(
                      rows -> {
                        Map<String, Optional<Long>> replayed = new HashMap<>();
                        replays.forEach(r -> replayed.put(r, Optional.empty()));
                        rows.forEach(
                            r ->
                                replayed.put(
                                    r.getString("request_key"),
                                    Optional.of(r.getLong("calls_used"))));
                        return apply(tx, ops, replayed);
                      });
            });
  }

  private Uni<List<Optional<Long>>> apply(
      SqlConnection tx, List<Op> ops, Map<String, Optional<Long>> replayed) {
    List<Op> updates =
        ops.stream()
            .filter(o -> o.delta() < 0 || (o.delta() > 0 && !replayed.containsKey(o.requestKey())))
            .toList();
    List<Outbox.Entry> events = new ArrayList<>();
    ops.forEach(o -> events.addAll(o.events()));
    List<Tuple> releases =
        ops.stream()
            .filter(o -> o.releaseChargeId() != null)
            .map(o -> Tuple.of(java.util.UUID.fromString(o.releaseChargeId())))
            .toList();
    Uni<List<Optional<Long>>> updated =
        updates.isEmpty()
            ? Uni.createFrom().item(List.of())
            : tx.preparedQuery(
                    """
                    UPDATE licence SET calls_used = calls_used + $2
                    WHERE license_id = $1 AND (
                      ($2 < 0 AND calls_used > 0)
                      OR ($2 > 0 AND holder = $3 AND (call_quota = 0 OR calls_used < call_quota)
                          AND (expires_at = 0 OR expires_at > $4)))
                    RETURNING license_id, model_id, holder, call_quota, calls_used""")
                .executeBatch(
                    updates.stream()
                        .map(
                            o ->
                                Tuple.of(
                                    new BigDecimal(o.licenseId()),
                                    o.delta(),
                                    o.holder() == null ? "" : o.holder(),
                                    o.nowSeconds()))
                        .toList())
                .map(
                    first -> {
                      List<Optional<Long>> out = new ArrayList<>();
                      int k = 0;
                      for (var rows = first; rows != null; rows = rows.next(), k++) {
                        if (rows.size() == 0) {
                          out.add(Optional.empty());
                          continue;
                        }
                        Row r = rows.iterator().next();
                        long used = r.getLong("calls_used");
                        out.add(Optional.of(used));
                        long quota = r.getLong("call_quota");
                        if (updates.get(k).delta() > 0 && quota != 0 && used == quota) {
                          events.add(exhausted(r));
                        }
                      }
                      return out;
                    });
    return updated.flatMap(
        results -> {
          List<Tuple> refused = new ArrayList<>();
          for (int u = 0; u < updates.size(); u++) {
            if (updates.get(u).delta() > 0 && results.get(u).isEmpty()) {
              refused.add(Tuple.of(updates.get(u).requestKey()));
            }
          }
          Uni<Void> forgotten =
              refused.isEmpty()
                  ? Uni.createFrom().voidItem()
                  : tx.preparedQuery("DELETE FROM licence_take WHERE request_key = $1")
                      .executeBatch(refused)
                      .replaceWithVoid();
          Uni<Void> released =
              releases.isEmpty()
                  ? Uni.createFrom().voidItem()
                  : tx.preparedQuery(
                          "INSERT INTO pending_release (charge_id, queued_at) VALUES ($1, now())"
                              + " ON CONFLICT DO NOTHING")
                      .executeBatch(releases)
                      .replaceWithVoid();
          return forgotten
              .chain(() -> released)
              .chain(() -> outbox.addAll(tx, events))
              .map(
                  ignored -> {
                    List<Optional<Long>> out = new ArrayList<>(ops.size());
                    int u = 0;
                    for (Op o : ops) {
                      if (o.delta() > 0 && replayed.containsKey(o.requestKey())) {
                        out.add(replayed.get(o.requestKey()));
                      } else {
                        out.add(o.delta() != 0 ? results.get(u++) : Optional.of(0L));
                      }
                    }
                    return out;
                  });
        });
  }

  private static Outbox.Entry exhausted(Row r) {
    String licenseId = r.getBigDecimal("license_id").toPlainString();
    String quota = Long.toString(r.getLong("call_quota"));
    return new Outbox.Entry(
        java.util.UUID.randomUUID().toString(),
        new EntitlementExhausted(
            licenseId,
            r.getBigDecimal("model_id").toPlainString(),
            r.getString("holder"),
            quota,
            Instant.now().toString()));
  }
}
