package io.soa.analytics.stream;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The event ids a processor has counted, for as long as a producer may deliver an event again (an
 * outbox relay retries for seconds to minutes, not days): a window store keyed by id, so ids age
 * out instead of growing without bound.
 */
final class SeenIds {
  static final Duration RETENTION = Duration.ofHours(6);

  private final WindowStore<String, Long> store;

  SeenIds(WindowStore<String, Long> store) {
    this.store = store;
  }

  static StoreBuilder<WindowStore<String, Long>> store(String name) {
    return Stores.windowStoreBuilder(
        Stores.inMemoryWindowStore(name, RETENTION, RETENTION, false),
        Serdes.String(),
        Serdes.Long());
  }

  /** Whether {@code id} is new (and now seen), at event time {@code time}. */
  boolean first(String id, long time) {
    long from = time - RETENTION.toMillis();
    try (WindowStoreIterator<Long> it =
        store.fetch(id, Math.max(0, from), time + RETENTION.toMillis())) {
      if (it.hasNext()) {
        return false;
      }
    }
    store.put(id, time, time);
    return true;
  }
}
