package io.soa.analytics.stream;

import io.soa.events.payments.SettlementConfirmed;
import io.soa.events.payments.SettlementFailed;
import io.soa.events.payments.SettlementSubmitted;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/** Settlement events into totals keyed by outcome; each counts once by its event id. */
final class Settlements implements Processor<String, Decoded, String, SettlementTotals> {
  static final String STORE = "settlements-seen";

  static ProcessorSupplier<String, Decoded, String, SettlementTotals> supplier() {
    return WithStores.of(() -> new Settlements(), SeenIds.store(STORE));
  }

  private ProcessorContext<String, SettlementTotals> context;
  private SeenIds seen;

  @Override
  public void init(ProcessorContext<String, SettlementTotals> context) {
    this.context = context;
    this.seen = new SeenIds(context.getStateStore(STORE));
  }

  @Override
  public void process(Record<String, Decoded> record) {
    Decoded e = record.value();
    var totals =
        switch (e.data()) {
          case SettlementSubmitted s ->
              java.util.Map.entry("submitted", new SettlementTotals(1, s.amount(), "0"));
          case SettlementConfirmed c ->
              java.util.Map.entry("confirmed", new SettlementTotals(1, c.paid(), c.fees()));
          case SettlementFailed f ->
              java.util.Map.entry("failed", new SettlementTotals(1, "0", "0"));
          default -> null;
        };
    if (totals != null && seen.first(e.id(), e.time())) {
      context.forward(record.withKey(totals.getKey()).withValue(totals.getValue()));
    }
  }
}
