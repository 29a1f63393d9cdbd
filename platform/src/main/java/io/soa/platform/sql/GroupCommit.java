package io.soa.platform.sql;

import io.micrometer.core.instrument.DistributionSummary;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Commits many small writes per transaction, so a hot path does not stop at one transaction and one
 * fsync per request. Writes queue here; up to {@code writers} transactions run at once, each taking
 * everything queued (up to {@code batch}) and handing the list to {@link Work}, which answers one
 * result per item in order. Items are sorted by {@code order} first, so concurrent transactions,
 * here or in another replica, lock rows in the same order.
 *
 * <p>A batch that fails as a whole (a unique key committed meanwhile by another replica, a lost
 * connection) is retried one item per transaction, so one bad item fails only itself. An item whose
 * {@code unique} key is already in its batch fails with {@link SameBatch} and the caller decides (a
 * replay of the first, for idempotency keys).
 */
public final class GroupCommit<I, R> {
  /** The writes of one transaction: one result per item, in the order given. */
  @FunctionalInterface
  public interface Work<I, R> {
    Uni<List<R>> commit(SqlConnection tx, List<I> items);
  }

  /** A unique key that came twice in one batch: the first is committed, not this one. */
  public static final class SameBatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SameBatch() {
      super("key repeated within one batch", null, false, false);
    }
  }

  private record Item<I, R>(I value, UniEmitter<? super R> out) {}

  private final ConcurrentLinkedQueue<Item<I, R>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger running = new AtomicInteger();
  private final Pool pool;
  private final int writers;
  private final int batch;
  private final Comparator<? super I> order;
  private final Function<? super I, ?> unique;
  private final DistributionSummary sizes;
  private final Work<I, R> work;

  /**
   * @param unique the key that must not repeat within a batch, or null for none
   * @param sizes records the number of items of each transaction
   */
  public GroupCommit(
      Pool pool,
      int writers,
      int batch,
      Comparator<? super I> order,
      Function<? super I, ?> unique,
      DistributionSummary sizes,
      Work<I, R> work) {
    this.pool = pool;
    this.writers = writers;
    this.batch = batch;
    this.order = order;
    this.unique = unique;
    this.sizes = sizes;
    this.work = work;
  }

  /** Queues {@code value}; completes with its result once its transaction has committed. */
  public Uni<R> submit(I value) {
    return Uni.createFrom()
        .emitter(
            out -> {
              queue.add(new Item<>(value, out));
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
    List<Item<I, R>> items = new ArrayList<>();
    for (Item<I, R> i; items.size() < batch && (i = queue.poll()) != null; ) {
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
  private Uni<Void> commit(List<Item<I, R>> items) {
    List<Item<I, R>> first = new ArrayList<>(items.size());
    List<Item<I, R>> repeated = new ArrayList<>();
    Set<Object> keys = new HashSet<>();
    for (Item<I, R> i : items) {
      (unique == null || keys.add(unique.apply(i.value())) ? first : repeated).add(i);
    }
    first.sort(Comparator.comparing(Item::value, order));
    Uni<Void> done =
        inOne(first)
            .onFailure()
            .recoverWithUni(e -> first.size() == 1 ? fail(first.get(0), e) : oneByOne(first));
    return done.invoke(() -> repeated.forEach(i -> i.out().fail(new SameBatch())));
  }

  private Uni<Void> inOne(List<Item<I, R>> items) {
    return pool.withTransaction(tx -> work.commit(tx, items.stream().map(Item::value).toList()))
        .invoke(
            results -> {
              for (int k = 0; k < items.size(); k++) {
                items.get(k).out().complete(results.get(k));
              }
            })
        .replaceWithVoid();
  }

  private Uni<Void> oneByOne(List<Item<I, R>> items) {
    return Uni.join()
        .all(
            items.stream()
                .map(i -> inOne(List.of(i)).onFailure().recoverWithUni(e -> fail(i, e)))
                .toList())
        .andCollectFailures()
        .replaceWithVoid();
  }

  private static <I, R> Uni<Void> fail(Item<I, R> i, Throwable e) {
    i.out().fail(e);
    return Uni.createFrom().voidItem();
  }
}
