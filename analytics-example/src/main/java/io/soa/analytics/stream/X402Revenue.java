package io.soa.analytics.stream;

import io.soa.events.licensing.AccessGranted;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What x402 calls paid, keyed by model id: the amount of every call the gateway let through on the
 * x402 path (an {@code exact} transfer or a {@code batch-settlement} voucher) and the model
 * answered; a call the model failed pays nothing. Each decision counts once by its event id.
 */
final class X402Revenue implements Processor<String, Decoded, String, String> {
  static final String STORE = "x402-seen";

  static ProcessorSupplier<String, Decoded, String, String> supplier() {
    return WithStores.of(() -> new X402Revenue(), SeenIds.store(STORE));
  }

  private ProcessorContext<String, String> context;
  private SeenIds seen;

  @Override
  public void init(ProcessorContext<String, String> context) {
    this.context = context;
    this.seen = new SeenIds(context.getStateStore(STORE));
  }

  @Override
  public void process(Record<String, Decoded> record) {
    Decoded e = record.value();
    if (e.data() instanceof AccessGranted g
        && "x402".equals(g.path())
        && !g.refunded()
        && g.amount() != null
        && seen.first(e.id(), e.time())) {
      context.forward(record.withKey(g.modelId()).withValue(g.amount()));
    }
  }
}
