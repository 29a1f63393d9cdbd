package io.soa.analytics.stream;

import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** A processor supplier that brings its own state stores (Kafka Streams connects them). */
final class WithStores {
  private WithStores() {}

  static <KI, VI, KO, VO> ProcessorSupplier<KI, VI, KO, VO> of(
      Supplier<Processor<KI, VI, KO, VO>> processor, StoreBuilder<?> store) {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<KI, VI, KO, VO> get() {
        return processor.get();
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(store);
      }
    };
  }

  /** An in-memory store of JSON values by string key (restored from its changelog at start). */
  static <V> StoreBuilder<KeyValueStore<String, V>> keyValue(String name, Class<V> type) {
    return Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(name), Serdes.String(), Json.serde(type));
  }
}
