package io.soa.licensing.service;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.soa.events.licensing.EntitlementExhausted;
import io.soa.licensing.config.GatewayConfig;
import io.soa.licensing.repository.CallStore;
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
import java.util.List;
import java.util.Optional;

/**
 * The gateway's writes, many per transaction ({@link GroupCommit}): a licence's quota taken before
 * a call is forwarded, and afterwards the decision's event with the end of the call's attempt
 * ({@link CallStore#finish}) and, when the model failed, what that attempt took given back (its
 * licence call, or its charge to release at payment-service, queued in {@code pending_release} in
 * the same transaction). A take is one conditional statement: it succeeds only while the licence is
 * the caller's, not expired, not listed for sale and has calls left, so concurrent callers, here or
 * at another replica, never overdraw it. Statements run in licence-id order, so concurrent
 * transactions lock rows in the same order.
 */
@ApplicationScoped
public class AccessCommits {
  /** One write: a take (+1), a give-back (-1) or neither, the events it causes, the call's end. */
  public record Op(
      BigInteger licenseId,
      int delta,
      String holder,
      long nowSeconds,
      List<Outbox.Entry> events,
      String releaseChargeId,
      CallStore.Finish finish) {

    public static Op take(BigInteger licenseId, String holder) {
      return new Op(licenseId, 1, holder, Instant.now().getEpochSecond(), List.of(), null, null);
    }

    public static Op record(
        Outbox.Entry event, BigInteger giveBack, String releaseChargeId, CallStore.Finish finish) {
      return new Op(
          giveBack, giveBack == null ? 0 : -1, null, 0, List.of(event), releaseChargeId, finish);
    }
  }

  /** A take's result: the calls used after it, or empty when refused; 0 for other ops. */
  private final GroupCommit<Op, Optional<Long>> commits;

  private final Outbox outbox;

  public AccessCommits(
      EntitlementStore store, Outbox outbox, GatewayConfig config, MeterRegistry metrics) {
    this.outbox = outbox;
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

  /** Takes one call of {@code licenseId} for {@code holder}: the calls used after, or empty. */
  public Uni<Optional<Long>> take(BigInteger licenseId, String holder) {
    return commits.submit(Op.take(licenseId, holder));
  }

  /**
   * Records a decision's event and ends its call's attempt ({@code finish}, null when no attempt
   * began), giving back a call of {@code giveBack} or releasing {@code releaseChargeId} when not
   * null.
   */
  public Uni<Void> record(
      Outbox.Entry event, BigInteger giveBack, String releaseChargeId, CallStore.Finish finish) {
    return commits.submit(Op.record(event, giveBack, releaseChargeId, finish)).replaceWithVoid();
  }

  private Uni<List<Optional<Long>>> commitIn(SqlConnection tx, List<Op> ops) {
    List<Op> updates = ops.stream().filter(o -> o.delta() != 0).toList();
    List<Outbox.Entry> events = new ArrayList<>();
    ops.forEach(o -> events.addAll(o.events()));
    List<Tuple> releases =
        ops.stream()
            .filter(o -> o.releaseChargeId() != null)
            .map(o -> Tuple.of(java.util.UUID.fromString(o.releaseChargeId())))
            .toList();
    List<CallStore.Finish> finishes =
        ops.stream().map(Op::finish).filter(java.util.Objects::nonNull).toList();
    Uni<List<Optional<Long>>> updated =
        updates.isEmpty()
            ? Uni.createFrom().item(List.of())
            : tx.preparedQuery(
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
          Uni<Void> released =
              releases.isEmpty()
                  ? Uni.createFrom().voidItem()
                  : tx.preparedQuery(
                          "INSERT INTO pending_release (charge_id, queued_at) VALUES ($1, now())"
                              + " ON CONFLICT DO NOTHING")
                      .executeBatch(releases)
                      .replaceWithVoid();
          return released
              .chain(() -> CallStore.finish(tx, finishes))
              .chain(() -> outbox.addAll(tx, events))
              .map(
                  ignored -> {
                    List<Optional<Long>> out = new ArrayList<>(ops.size());
                    int u = 0;
                    for (Op o : ops) {
                      out.add(o.delta() != 0 ? results.get(u++) : Optional.of(0L));
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
