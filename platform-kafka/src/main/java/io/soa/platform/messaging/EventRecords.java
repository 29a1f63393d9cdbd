package io.soa.platform.messaging;

import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.soa.events.EventCodec;
import io.soa.events.EventSchemas;
import io.soa.events.EventType;
import io.soa.events.EventTypes;
import io.soa.events.SoaEvent;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * How every service consumes a topic of the suite: a record that is not a CloudEvent, is of an
 * unknown type or breaks its schema fails (and its channel's dead-letter strategy takes it); types
 * the service does not consume are skipped; the rest is applied with transient failures retried in
 * place ({@link Redelivery}). The offset is committed only once this succeeds or the record is
 * dead-lettered.
 */
public final class EventRecords {
  private EventRecords() {}

  /** What a consumer applies: the event's id, its envelope's time and its data. */
  @FunctionalInterface
  public interface Apply {
    Uni<Void> apply(String eventId, OffsetDateTime time, SoaEvent data);
  }

  public static Uni<Void> consume(
      ConsumerRecord<String, byte[]> record,
      Predicate<String> consumed,
      BiFunction<String, SoaEvent, Uni<Void>> apply) {
    return consumeTimed(record, consumed, (id, time, data) -> apply.apply(id, data));
  }

  /** As {@link #consume}, with the envelope's {@code time} (a chain event's block time). */
  public static Uni<Void> consumeTimed(
      ConsumerRecord<String, byte[]> record, Predicate<String> consumed, Apply apply) {
    return Uni.createFrom()
        .deferred(
            () -> {
              CloudEvent event = EventCodec.fromRecord(record);
              if (!consumed.test(event.getType())) {
                return Uni.createFrom().voidItem();
              }
              EventType<?> type = EventTypes.byType(event.getType()).orElseThrow();
              byte[] json = event.getData() == null ? new byte[0] : event.getData().toBytes();
              List<String> violations = EventSchemas.violations(type, json);
              if (!violations.isEmpty()) {
                throw new IllegalArgumentException(
                    type.type() + " breaks its schema: " + violations);
              }
              SoaEvent data = EventCodec.data(event, type);
              return Redelivery.retryingTransientFailures(
                  apply.apply(event.getId(), event.getTime(), data));
            });
  }
}
