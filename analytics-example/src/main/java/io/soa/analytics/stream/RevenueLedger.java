package io.soa.analytics.stream;

import io.soa.events.payments.ChargeAccepted;
import io.soa.events.payments.ChargeReleased;
import java.math.BigInteger;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Charges (keyed by channel) into revenue deltas keyed {@code model|feature|minute}: + the amount
 * of each charge accepted, - it again when the charge is released, in the minute it was accepted.
 * Each charge counts once however often its events are delivered: the store remembers every charge
 * by its id, and whether it was released.
 */
final class RevenueLedger implements Processor<String, Decoded, String, String> {
  static final String STORE = "revenue-charges";

  /** What the ledger remembers of a charge. */
  record Charge(String modelId, String feature, long minute, String amount, boolean released) {}

  static ProcessorSupplier<String, Decoded, String, String> supplier() {
    return WithStores.of(() -> new RevenueLedger(), WithStores.keyValue(STORE, Charge.class));
  }

  private ProcessorContext<String, String> context;
  private KeyValueStore<String, Charge> charges;

  @Override
  public void init(ProcessorContext<String, String> context) {
    this.context = context;
    this.charges = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, Decoded> record) {
    Decoded e = record.value();
    switch (e.data()) {
      case ChargeAccepted a -> accepted(record, a);
      case ChargeReleased r -> released(record, r);
      default -> {}
    }
  }

  private void accepted(Record<String, Decoded> record, ChargeAccepted a) {
    if (charges.get(a.chargeId()) != null) {
      return; // delivered again
    }
    Charge c =
        new Charge(
            a.modelId(),
            a.feature(),
            Decoded.minute(Decoded.millis(a.acceptedAt())),
            new BigInteger(a.amount()).toString(),
            false);
    charges.put(a.chargeId(), c);
    context.forward(record.withKey(key(c)).withValue(c.amount()));
  }

  private void released(Record<String, Decoded> record, ChargeReleased r) {
    Charge c = charges.get(r.chargeId());
    if (c == null || c.released()) {
      return; // delivered again, or the release of a charge this ledger never saw accepted
    }
    charges.put(r.chargeId(), new Charge(c.modelId(), c.feature(), c.minute(), c.amount(), true));
    context.forward(
        record.withKey(key(c)).withValue(new BigInteger(c.amount()).negate().toString()));
  }

  static String key(Charge c) {
    return c.modelId() + "|" + c.feature() + "|" + c.minute();
  }
}
