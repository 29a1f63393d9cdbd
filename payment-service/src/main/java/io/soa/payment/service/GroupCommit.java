package io.soa.payment.service;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.soa.events.payments.ChargeAccepted;
import io.soa.payment.config.PaymentConfig;
import io.soa.payment.domain.Charge;
import io.soa.payment.domain.ChargeCommand;
import io.soa.payment.repository.PaymentStore;
import io.soa.payment.repository.PaymentStore.Take;
import io.soa.payment.repository.PaymentStore.Totals;
import io.soa.platform.outbox.Outbox;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Commits checked charges many per transaction, so throughput does not stop at one transaction and
 * one fsync per call. Charges queue here after their signature check; up to {@code writers}
 * transactions run at once, each taking everything queued (up to {@code batch}). A transaction is
 * the conditional updates of the channels, the charge rows with their ledger entries and the outbox
 * events, one pipelined round trip each. Updates run in channel-id order (arrival order within a
 * channel), so concurrent transactions, here or in another replica, lock rows in the same order.
 *
 * <p>A batch that fails as a whole (a request id committed meanwhile by another replica, a lost
 * connection) is retried one charge per transaction, so one bad charge fails only itself.
 */
@ApplicationScoped
public class GroupCommit {
  /** The outcome of one charge: its result, or empty when its conditional update failed. */
  private record Item(
      ChargeCommand command, BigInteger price, UniEmitter<? super Optional<Accepted>> out) {}

  /** A committed charge and the channel's totals after it. */
  public record Accepted(Charge charge, Totals totals) {}

  /**
   * A request id that came twice in one batch: the first is committed, the caller answers the
   * second as a replay of it.
   */
  public static final class SameBatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SameBatch() {
      super("request id repeated within one batch", null, false, false);
    }
  }

  private final ConcurrentLinkedQueue<Item> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger running = new AtomicInteger();
  private final PaymentStore store;
  private final Outbox outbox;
  private final PaymentConfig config;
  private final int writers;
  private final int batch;
  private final DistributionSummary sizes;

  public GroupCommit(
      PaymentStore store,
      Outbox outbox,
      PaymentConfig config,
      MeterRegistry metrics,
      @ConfigProperty(name = "soa.payment.commit-writers", defaultValue = "2") int writers,
      @ConfigProperty(name = "soa.payment.commit-batch", defaultValue = "256") int batch) {
    this.store = store;
    this.outbox = outbox;
    this.config = config;
    this.writers = writers;
    this.batch = batch;
    this.sizes =
        DistributionSummary.builder("soa_payment_commit_batch_charges")
            .description("charges committed per transaction")
            .register(metrics);
  }

  /** Queues a checked charge of {@code price}; completes when its transaction has committed. */
  public Uni<Optional<Accepted>> submit(ChargeCommand c, BigInteger price) {
    return Uni.createFrom()
        .emitter(
            out -> {
              queue.add(new Item(c, price, out));
              startWriter();
            });
  }

  private void startWriter() {
    while (!queue.isEmpty()) {
      int n = running.get();
      if (n >= writers) {
        return; // a running writer takes it when its transaction ends
      }
      if (running.compareAndSet(n, n + 1)) {
        write();
        return;
      }
    }
  }

  private void write() {
    List<Item> items = new ArrayList<>();
    for (Item i; items.size() < batch && (i = queue.poll()) != null; ) {
      items.add(i);
    }
    if (items.isEmpty()) {
      running.decrementAndGet();
      startWriter(); // something may have been queued after the poll and before the decrement
      return;
    }
    sizes.record(items.size());
    commit(items).subscribe().with(ignored -> write(), ignored -> write());
  }

  /** Commits {@code items} in one transaction, or one by one when that fails; never fails. */
  private Uni<Void> commit(List<Item> items) {
    List<Item> unique = new ArrayList<>(items.size());
    List<Item> repeated = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Item i : items) {
      (ids.add(i.command().requestId()) ? unique : repeated).add(i);
    }
    unique.sort(Comparator.comparing(i -> i.command().channelId()));
    Uni<Void> done =
        store
            .pool()
            .withTransaction(tx -> commitIn(tx, unique))
            .invoke(
                results -> {
                  for (int k = 0; k < unique.size(); k++) {
                    unique.get(k).out().complete(results.get(k));
                  }
                })
            .replaceWithVoid()
            .onFailure()
            .recoverWithUni(e -> unique.size() == 1 ? fail(unique.get(0), e) : oneByOne(unique));
    return done.invoke(() -> repeated.forEach(i -> i.out().fail(new SameBatch())));
  }

  private Uni<Void> oneByOne(List<Item> items) {
    return Uni.join()
        .all(
            items.stream()
                .map(
                    i ->
                        store
                            .pool()
                            .withTransaction(tx -> commitIn(tx, List.of(i)))
                            .invoke(results -> i.out().complete(results.get(0)))
                            .replaceWithVoid()
                            .onFailure()
                            .recoverWithUni(e -> fail(i, e)))
                .toList())
        .andCollectFailures()
        .replaceWithVoid();
  }

  private static Uni<Void> fail(Item i, Throwable e) {
    i.out().fail(e);
    return Uni.createFrom().voidItem();
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
              List<Outbox.Entry> events = new ArrayList<>();
              for (int k = 0; k < items.size(); k++) {
                Item item = items.get(k);
                Optional<Accepted> a = totals.get(k).map(t -> new Accepted(charge(item, t), t));
                results.add(a);
                a.ifPresent(
                    ok -> {
                      charges.add(ok.charge());
                      events.add(
                          new Outbox.Entry(
                              ok.charge().chargeId().toString(), event(ok.charge(), ok.totals())));
                    });
              }
              return store
                  .insertWithEntries(tx, charges)
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
