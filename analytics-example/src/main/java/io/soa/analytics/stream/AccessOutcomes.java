package io.soa.analytics.stream;

import io.soa.events.licensing.AccessDenied;
import io.soa.events.licensing.AccessGranted;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Access decisions into counts keyed {@code minute|model|outcome}: {@code granted}, {@code
 * refunded} (let through, the model failed, the charge released) or {@code denied:<reason>} (the
 * problem code the caller got). Each decision counts once by its event id.
 */
final class AccessOutcomes implements Processor<String, Decoded, String, Long> {
  static final String STORE = "access-seen";

  static ProcessorSupplier<String, Decoded, String, Long> supplier() {
    return WithStores.of(() -> new AccessOutcomes(), SeenIds.store(STORE));
  }

  private ProcessorContext<String, Long> context;
  private SeenIds seen;

  @Override
  public void init(ProcessorContext<String, Long> context) {
    this.context = context;
    this.seen = new SeenIds(context.getStateStore(STORE));
  }

  @Override
  public void process(Record<String, Decoded> record) {
    Decoded e = record.value();
    String outcome =
        switch (e.data()) {
          case AccessGranted g -> g.refunded() ? "refunded" : "granted";
          case AccessDenied d -> "denied:" + d.reason();
          default -> null;
        };
    if (outcome != null && seen.first(e.id(), e.time())) {
      context.forward(
          record.withKey(Decoded.minute(e.time()) + "|" + model(e) + "|" + outcome).withValue(1L));
    }
  }

  private static String model(Decoded e) {
    String m =
        switch (e.data()) {
          case AccessGranted g -> g.modelId();
          case AccessDenied d -> d.modelId();
          default -> "";
        };
    return m == null ? "" : m.replace('|', '_');
  }
}
