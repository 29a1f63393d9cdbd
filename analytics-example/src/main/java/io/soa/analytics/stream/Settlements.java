package io.soa.analytics.stream;

import io.soa.events.Topics;
import io.soa.events.payments.SettlementConfirmed;
import io.soa.events.payments.SettlementFailed;
import io.soa.events.payments.SettlementSubmitted;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;

/** Settlement events into totals keyed by outcome; each counts once by its event id. */
final class Settlements implements Processor<String, byte[], String, SettlementTotals> {
  static final String STORE = "settlements-seen";

  static ProcessorSupplier<String, byte[], String, SettlementTotals> supplier() {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<String, byte[], String, SettlementTotals> get() {
        return new Settlements();
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(SeenIds.store(STORE));
      }
    };
  }

  private ProcessorContext<String, SettlementTotals> context;
  private SeenIds seen;

  @Override
  public void init(ProcessorContext<String, SettlementTotals> context) {
    this.context = context;
    this.seen = new SeenIds(context.getStateStore(STORE));
  }

  @Override
  public void process(Record<String, byte[]> record) {
    Decoded.of(record, Topics.PAYMENTS_SETTLEMENTS)
        .ifPresent(
            e -> {
              var totals =
                  switch (e.data()) {
                    case SettlementSubmitted s ->
                        java.util.Map.entry("submitted", new SettlementTotals(1, s.amount(), "0"));
                    case SettlementConfirmed c ->
                        java.util.Map.entry(
                            "confirmed", new SettlementTotals(1, c.paid(), c.fees()));
                    case SettlementFailed f ->
                        java.util.Map.entry("failed", new SettlementTotals(1, "0", "0"));
                    default -> null;
                  };
              if (totals != null && seen.first(e.id(), e.time())) {
                context.forward(record.withKey(totals.getKey()).withValue(totals.getValue()));
              }
            });
  }
}
