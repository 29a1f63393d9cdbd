package io.soa.indexer.follower;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

  void gauge(String name, Supplier<Number> value) {
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
