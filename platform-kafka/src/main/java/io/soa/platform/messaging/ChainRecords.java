package io.soa.platform.messaging;

import io.smallrye.mutiny.Uni;
import io.soa.events.ChainEvent;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * How every service consumes a chain topic ({@link EventRecords}): only the chain event types a
 * service mirrors reach {@code apply}.
 */
public final class ChainRecords {
  private ChainRecords() {}

  public static Uni<Void> consume(
      ConsumerRecord<String, byte[]> record,
      Predicate<String> mirrored,
      BiFunction<String, ChainEvent, Uni<Void>> apply) {
    return EventRecords.consume(
        record,
        type -> type.startsWith("soa.chain.") && mirrored.test(type),
        (id, data) -> apply.apply(id, (ChainEvent) data));
  }
}
