package io.soa.analytics.stream;

import io.soa.events.catalog.TokenSold;
import io.soa.events.chain.LicensePurchased;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sales into {@link Sale}s keyed by model: licences bought from their tier (the chain's {@code
 * LicensePurchased}, keyed {@code chain:<on-chain model id>}) and tokens sold on the marketplace
 * (catalog's {@code TokenSold}, keyed {@code catalog:<catalog model id>}). A sale counts once by
 * its log or listing, however often delivered; a reorg's retraction ({@code removed}, {@code
 * reverted}) takes it back out.
 */
final class SaleLedger implements Processor<String, Decoded, String, Sale> {
  private final String storeName;
  private ProcessorContext<String, Sale> context;
  private KeyValueStore<String, Sale> applied;

  private SaleLedger(String storeName) {
    this.storeName = storeName;
  }

  /** For soa.chain.licenses.v1. */
  static ProcessorSupplier<String, Decoded, String, Sale> licences() {
    return supplier("sales-licences");
  }

  /** For soa.catalog.market.v1. */
  static ProcessorSupplier<String, Decoded, String, Sale> tokens() {
    return supplier("sales-tokens");
  }

  private static ProcessorSupplier<String, Decoded, String, Sale> supplier(String store) {
    return WithStores.of(() -> new SaleLedger(store), WithStores.keyValue(store, Sale.class));
  }

  @Override
  public void init(ProcessorContext<String, Sale> context) {
    this.context = context;
    this.applied = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, Decoded> record) {
    Decoded e = record.value();
    switch (e.data()) {
      case LicensePurchased p ->
          apply(
              record,
              p.txHash() + ":" + p.logIndex(),
              "chain:" + p.modelId(),
              new Sale("licence", 1, p.paid(), "0"),
              p.removed());
      case TokenSold s when s.modelId() != null ->
          apply(
              record,
              s.txHash() + ":" + s.listingId(),
              "catalog:" + s.modelId(),
              new Sale(
                  "license".equals(s.kind()) ? "licence-resale" : "model",
                  1,
                  s.price(),
                  s.royalty()),
              s.reverted());
      default -> {}
    }
  }

  private void apply(
      Record<String, Decoded> record, String ref, String model, Sale sale, boolean retracted) {
    Sale before = applied.get(ref);
    if (retracted && before != null) {
      applied.delete(ref);
      context.forward(record.withKey(model).withValue(before.negate()));
    } else if (!retracted && before == null) {
      applied.put(ref, sale);
      context.forward(record.withKey(model).withValue(sale));
    }
  }
}
