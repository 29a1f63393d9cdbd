package io.soa.platform.messaging;

import io.smallrye.mutiny.Uni;
import io.soa.events.ChainEvent;
import java.time.OffsetDateTime;
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

  /** A chain event with its block's time (the envelope's {@code time}, set by the indexer). */
  @FunctionalInterface
  public interface TimedApply {
    Uni<Void> apply(String eventId, OffsetDateTime blockTime, ChainEvent event);
  }

  /** As {@link #consume}, with each event's block time. */
  public static Uni<Void> consumeTimed(
      ConsumerRecord<String, byte[]> record, Predicate<String> mirrored, TimedApply apply) {
    return EventRecords.consumeTimed(
        record,
        type -> type.startsWith("soa.chain.") && mirrored.test(type),
        (id, time, data) -> apply.apply(id, time, (ChainEvent) data));
  }
}
