package io.soa.indexer.follower;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The follower's meters (README "Metrics"): events published, reorgs, node troubles, head, cursor,
 * lag, range and halt gauges, and the time of each phase of a step. The gauges are removed on
 * shutdown, so a restarted app never reads a stopped follower.
 */
final class FollowerMetrics {
  private final MeterRegistry registry;
  private final List<Meter> gauges = new ArrayList<>();
  final Counter published;
  final Counter reorgs;
  final Counter nodeStale;
  final Counter nodeLagging;
  final Counter nodeInconsistent;

  FollowerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.published = registry.counter("soa_indexer_events_published");
    this.reorgs = registry.counter("soa_indexer_reorgs");
    this.nodeStale = registry.counter("soa_indexer_node_stale");
    this.nodeLagging = registry.counter("soa_indexer_node_lagging");
    this.nodeInconsistent = registry.counter("soa_indexer_node_inconsistent");
  }

  MeterRegistry registry() {
    return registry;
  }

  /** The gauges of where the follower is: head, cursor, lag, range size, halted, leading. */
  void follow(Progress progress, RangeSizer sizer, BooleanSupplier leading) {
    gauge("soa_indexer_head_block", () -> progress.head);
    gauge("soa_indexer_cursor_block", () -> progress.cursorBlock);
    gauge("soa_indexer_lag_blocks", progress::lagBlocks);
    gauge("soa_indexer_range_blocks", sizer::blocks);
    gauge("soa_indexer_halted", () -> progress.state == FollowerStatus.State.HALTED ? 1 : 0);
    gauge("soa_indexer_leader", () -> leading.getAsBoolean() ? 1 : 0);
  }

  private void gauge(String name, Supplier<Number> value) {
    gauges.add(Gauge.builder(name, value).strongReference(true).register(registry));
  }

  /** Time spent in one phase of a step, {@code soa_indexer_step_seconds{phase}}. */
  void phase(String name, long nanos) {
    registry.timer("soa_indexer_step_seconds", "phase", name).record(nanos, TimeUnit.NANOSECONDS);
  }

  void removeGauges() {
    gauges.forEach(registry::remove);
  }
}
