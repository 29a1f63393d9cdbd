package io.soa.payment.service;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.soa.events.payments.ChargeAccepted;
import io.soa.payment.config.PaymentConfig;
import io.soa.payment.domain.Charge;
import io.soa.payment.domain.ChargeCommand;
import io.soa.payment.repository.PaymentStore;
import io.soa.payment.repository.PaymentStore.Take;
import io.soa.payment.repository.PaymentStore.Totals;
import io.soa.platform.outbox.Outbox;
import io.soa.platform.sql.GroupCommit;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Commits checked charges many per transaction ({@link GroupCommit}), so throughput does not stop
 * at one transaction and one fsync per call. A transaction is the conditional updates of the
 * channels, the charge rows with their ledger entries and the outbox events, one pipelined round
 * trip each. Updates run in channel-id order (arrival order within a channel), so concurrent
 * transactions, here or in another replica, lock rows in the same order. A request id repeated in
 * one batch fails with {@link GroupCommit.SameBatch}: the caller answers it as a replay.
 */
@ApplicationScoped
public class ChargeCommits {
  private record Item(ChargeCommand command, BigInteger price) {}

  /** A committed charge and the channel's totals after it. */
  public record Accepted(Charge charge, Totals totals) {}

  private final PaymentStore store;
  private final Outbox outbox;
  private final PaymentConfig config;
  private final GroupCommit<Item, Optional<Accepted>> commits;

  public ChargeCommits(
      io.vertx.mutiny.sqlclient.Pool pool,
      PaymentStore store,
      Outbox outbox,
      PaymentConfig config,
      MeterRegistry metrics) {
    this.store = store;
    this.outbox = outbox;
    this.config = config;
    this.commits =
        new GroupCommit<>(
            pool,
            config.settings().commitWriters(),
            config.settings().commitBatch(),
            Comparator.comparing(i -> i.command().channelId()),
            i -> i.command().requestId(),
            DistributionSummary.builder("soa_payment_commit_batch_charges")
                .description("charges committed per transaction")
                .register(metrics),
            this::commitIn);
  }

  /**
   * Queues a checked charge of {@code price}; completes when its transaction has committed, empty
   * when its conditional update failed.
   */
  public Uni<Optional<Accepted>> submit(ChargeCommand c, BigInteger price) {
    return commits.submit(new Item(c, price));
  }

  private Uni<List<Optional<Accepted>>> commitIn(SqlConnection tx, List<Item> items) {
    List<Take> takes =
        items.stream()
            .map(
                i ->
                    new Take(
                        i.command().channelId(),
                        i.command().modelId(),
                        i.price(),
                        i.command().cumulativeAmount(),
                        i.command().signature()))
            .toList();
    return store
        .takeAll(tx, takes)
        .flatMap(
            totals -> {
              List<Optional<Accepted>> results = new ArrayList<>(items.size());
              List<Charge> charges = new ArrayList<>();
              List<String> traces = new ArrayList<>(); // each charge's request, for settlement
              List<Outbox.Entry> events = new ArrayList<>();
              for (int k = 0; k < items.size(); k++) {
                Item item = items.get(k);
                Optional<Accepted> a = totals.get(k).map(t -> new Accepted(charge(item, t), t));
                results.add(a);
                a.ifPresent(
                    ok -> {
                      charges.add(ok.charge());
                      traces.add(item.command().traceParent());
                      events.add(
                          new Outbox.Entry(
                              ok.charge().chargeId().toString(), event(ok.charge(), ok.totals())));
                    });
              }
              return store
                  .insertWithEntries(tx, charges, traces)
                  .chain(() -> outbox.addAll(tx, events))
                  .replaceWith(results);
            });
  }

  private static Charge charge(Item i, Totals t) {
    ChargeCommand c = i.command();
    return new Charge(
        UUID.randomUUID(),
        c.requestId(),
        c.channelId(),
        c.modelId(),
        c.feature(),
        i.price(),
        c.cumulativeAmount(),
        c.signature(),
        t.charged(),
        t.covered(),
        PaymentStore.now(),
        null);
  }

  private ChargeAccepted event(Charge c, Totals t) {
    return new ChargeAccepted(
        c.chargeId().toString(),
        c.requestId(),
        config.chainId(),
        c.channelId().toString(),
        c.modelId().toString(),
        c.feature(),
        c.amount().toString(),
        c.cumulativeAmount().toString(),
        t.charged().toString(),
        t.covered().toString(),
        c.acceptedAt().toString());
  }
}
