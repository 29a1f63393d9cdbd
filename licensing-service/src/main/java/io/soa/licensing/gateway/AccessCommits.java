package io.soa.licensing.gateway;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.soa.events.licensing.EntitlementExhausted;
import io.soa.licensing.gateway.repository.CallStore;
import io.soa.licensing.gateway.repository.Takes;
import io.soa.platform.outbox.Outbox;
import io.soa.platform.sql.GroupCommit;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's writes, many per transaction ({@link GroupCommit}): a licence's quota taken before
 * a call is forwarded, and afterwards the decision's event with the end of the call's attempt
 * ({@link CallStore#finish}) and, when the model failed, the licence call that attempt took given
 * back (a charge is given back by payment-service, from the decision's event). Takes are
 * conditional ({@link Takes}), so a licence is never overdrawn. Statements run in licence-id order,
 * so concurrent transactions lock rows in the same order.
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
      CallStore.Finish finish) {

    public static Op take(BigInteger licenseId, String holder) {
      return new Op(licenseId, 1, holder, Instant.now().getEpochSecond(), List.of(), null);
    }

    public static Op record(Outbox.Entry event, BigInteger giveBack, CallStore.Finish finish) {
      return new Op(giveBack, giveBack == null ? 0 : -1, null, 0, List.of(event), finish);
    }
  }

  /** A take's result: the calls used after it, or empty when refused; 0 for other ops. */
  private final GroupCommit<Op, Optional<Long>> commits;

  private final Outbox outbox;
  private final Takes takes;

  public AccessCommits(
      Pool pool, Takes takes, Outbox outbox, GatewayConfig config, MeterRegistry metrics) {
    this.outbox = outbox;
    this.takes = takes;
    this.commits =
        new GroupCommit<>(
            pool,
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
   * began), giving back a call of {@code giveBack} when not null.
   */
  public Uni<Void> record(Outbox.Entry event, BigInteger giveBack, CallStore.Finish finish) {
    return commits.submit(Op.record(event, giveBack, finish)).replaceWithVoid();
  }

  private Uni<List<Optional<Long>>> commitIn(SqlConnection tx, List<Op> ops) {
    List<Op> updates = ops.stream().filter(o -> o.delta() != 0).toList();
    List<Outbox.Entry> events = new ArrayList<>();
    ops.forEach(o -> events.addAll(o.events()));
    List<CallStore.Finish> finishes =
        ops.stream().map(Op::finish).filter(java.util.Objects::nonNull).toList();
    return takes
        .apply(
            tx,
            updates.stream()
                .map(o -> new Takes.Change(o.licenseId(), o.delta(), o.holder(), o.nowSeconds()))
                .toList())
        .flatMap(
            after -> {
              for (int k = 0; k < after.size(); k++) {
                Optional<Takes.After> a = after.get(k);
                if (updates.get(k).delta() > 0
                    && a.isPresent()
                    && a.get().callQuota() != 0
                    && a.get().callsUsed() == a.get().callQuota()) {
                  events.add(exhausted(a.get()));
                }
              }
              return CallStore.finish(tx, finishes)
                  .chain(() -> outbox.addAll(tx, events))
                  .map(
                      ignored -> {
                        List<Optional<Long>> out = new ArrayList<>(ops.size());
                        int u = 0;
                        for (Op o : ops) {
                          out.add(
                              o.delta() != 0
                                  ? after.get(u++).map(Takes.After::callsUsed)
                                  : Optional.of(0L));
                        }
                        return out;
                      });
            });
  }

  private static Outbox.Entry exhausted(Takes.After a) {
    return new Outbox.Entry(
        java.util.UUID.randomUUID().toString(),
        new EntitlementExhausted(
            a.licenseId().toString(),
            a.modelId(),
            a.holder(),
            Long.toString(a.callQuota()),
            Instant.now().toString()));
  }
}
