package io.soa.analytics.stream;

import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Metrics;
import io.soa.events.EventCodec;
import io.soa.events.SoaEvent;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.jboss.logging.Logger;

/**
 * One record of a public topic as a typed event: its CloudEvent id, its time and its data.
 *
 * @param time the CloudEvent's time in epoch milliseconds (a chain event's: its block's), or the
 *     record's timestamp where the producer gave none
 */
public record Decoded(String id, long time, SoaEvent data) {
  private static final Logger LOG = Logger.getLogger(Decoded.class);

  /**
   * The event of {@code record}, or empty for one to skip: a type this version does not know (a
   * producer may add types), or a record that is not a valid event of its type (counted in {@code
   * soa_analytics_skipped_records_total} and logged: anyone who can write to a topic can put
   * garbage on it, and it must not stop the application).
   */
  static Optional<Decoded> of(FixedKeyRecord<String, byte[]> record, String topic) {
    CloudEvent event;
    try {
      event = EventCodec.fromRecord(record.headers(), record.value());
      Optional<SoaEvent> data = EventCodec.data(event);
      if (data.isEmpty()) {
        return Optional.empty();
      }
      long time =
          event.getTime() == null ? record.timestamp() : event.getTime().toInstant().toEpochMilli();
      return Optional.of(new Decoded(event.getId(), time, data.get()));
    } catch (RuntimeException e) {
      Metrics.counter("soa_analytics_skipped_records", "topic", topic).increment();
      LOG.warnf("skipped a record on %s that is not a valid event: %s", topic, e.getMessage());
      return Optional.empty();
    }
  }

  /** The start of the minute {@code epochMillis} falls in, as epoch milliseconds. */
  public static long minute(long epochMillis) {
    return Math.floorDiv(epochMillis, 60_000L) * 60_000L;
  }

  /** The epoch milliseconds of an ISO-8601 instant in an event's data. */
  public static long millis(String isoInstant) {
    return java.time.OffsetDateTime.parse(isoInstant).toInstant().toEpochMilli();
  }

  /**
   * Decodes a topic's records once, for every processor downstream: what {@link #of} keeps, by the
   * same key.
   */
  static FixedKeyProcessorSupplier<String, byte[], Decoded> decoder(String topic) {
    return () ->
        new FixedKeyProcessor<>() {
          private FixedKeyProcessorContext<String, Decoded> context;

          @Override
          public void init(FixedKeyProcessorContext<String, Decoded> context) {
            this.context = context;
          }

          @Override
          public void process(FixedKeyRecord<String, byte[]> record) {
            of(record, topic).ifPresent(e -> context.forward(record.withValue(e)));
          }
        };
  }
}
