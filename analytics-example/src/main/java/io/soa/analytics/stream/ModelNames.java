package io.soa.analytics.stream;

import io.soa.events.catalog.ModelRegistered;
import io.soa.events.catalog.ModelTokenized;
import io.soa.events.catalog.ModelUpdated;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The catalog's models by catalog id (the topic's key): their names, and the on-chain id each was
 * tokenized as, so the dashboard can name a model and count its marketplace sales (which catalog
 * keys by catalog id) with its charges and licences (keyed by on-chain id).
 */
final class ModelNames implements Processor<String, Decoded, Void, Void> {
  static final String STORE = "models";

  static ProcessorSupplier<String, Decoded, Void, Void> supplier() {
    return WithStores.of(() -> new ModelNames(), WithStores.keyValue(STORE, ModelName.class));
  }

  private KeyValueStore<String, ModelName> models;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.models = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, Decoded> record) {
    Decoded e = record.value();
    switch (e.data()) {
      case ModelRegistered r -> update(r.modelId(), r.name(), null, r.features());
      case ModelUpdated u -> update(u.modelId(), u.name(), null, u.features());
      case ModelTokenized t -> update(t.modelId(), null, t.tokenId(), null);
      default -> {}
    }
  }

  private void update(
      String catalogId, String name, String chainModelId, java.util.List<String> features) {
    ModelName before = models.get(catalogId);
    java.util.Map<String, String> keys = before == null ? null : before.features();
    if (features != null) {
      keys = new java.util.TreeMap<>();
      for (String f : features) {
        keys.put(org.web3j.crypto.Hash.sha3String(f), f);
      }
    }
    models.put(
        catalogId,
        new ModelName(
            name != null ? name : before == null ? null : before.name(),
            chainModelId != null ? chainModelId : before == null ? null : before.chainModelId(),
            keys));
  }
}
