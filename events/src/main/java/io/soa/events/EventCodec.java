package io.soa.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.OffsetDateTime;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * CloudEvents 1.0 in Kafka binary mode ({@code ce_*} headers, JSON data), through the CloudEvents
 * SDK. The only way events are put on or taken off Kafka in this suite.
 */
public final class EventCodec {
  private EventCodec() {}

  /** JSON of event data: records as objects, unknown fields ignored for forward compatibility. */
  /**
   * The suite's one Jackson configuration outside Quarkus' own: events, JSON columns, tests and
   * benches use it (readers ignore unknown fields, as event consumers must).
   */
  public static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public static byte[] toJson(SoaEvent data) {
    try {
      return JSON.writeValueAsBytes(data);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize " + data, e);
    }
  }

  /** Builds the CloudEvent of {@code data} with the given deterministic id. */
  public static CloudEvent envelope(String id, String source, SoaEvent data, OffsetDateTime time) {
    return envelope(id, source, data, time, data.subject());
  }

  /** As {@link #envelope(String, String, SoaEvent, OffsetDateTime)} with an explicit subject. */
  public static CloudEvent envelope(
      String id, String source, SoaEvent data, OffsetDateTime time, String subject) {
    return envelope(id, EventTypes.of(data).type(), source, toJson(data), time, subject);
  }

  private static final java.util.Map<String, URI> SOURCES =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** A CloudEvent from already-serialized data (e.g. a stored payload being retracted). */
  public static CloudEvent envelope(
      String id, String type, String source, byte[] json, OffsetDateTime time, String subject) {
    return CloudEventBuilder.v1()
        .withId(id)
        .withType(type)
        .withSource(SOURCES.computeIfAbsent(source, URI::create))
        .withSubject(subject)
        .withTime(time)
        .withDataContentType("application/json")
        .withData(json)
        .build();
  }

  /** A binary-mode record of {@code event} on {@code topic}, keyed by {@code key}. */
  public static ProducerRecord<String, byte[]> toRecord(
      String topic, String key, CloudEvent event) {
    return KafkaMessageFactory.createWriter(topic, key).writeBinary(event);
  }

  public static CloudEvent fromRecord(ConsumerRecord<String, byte[]> record) {
    return KafkaMessageFactory.createReader(record).toEvent();
  }

  /** The CloudEvent of a binary-mode record's headers and value (as Kafka Streams sees them). */
  public static CloudEvent fromRecord(
      org.apache.kafka.common.header.Headers headers, byte[] value) {
    return KafkaMessageFactory.createReader(headers, value).toEvent();
  }

  /**
   * The typed data of {@code event} by its own type, or empty for a type this version does not know
   * (a consumer skips those: producers may add types).
   */
  public static java.util.Optional<SoaEvent> data(CloudEvent event) {
    return EventTypes.byType(event.getType()).map(t -> data(event, t));
  }

  /** The typed data of {@code event}, checked against its declared type. */
  public static <T extends SoaEvent> T data(CloudEvent event, EventType<T> expected) {
    if (!expected.type().equals(event.getType())) {
      throw new IllegalArgumentException(
          "event " + event.getId() + " is " + event.getType() + ", not " + expected.type());
    }
    try {
      return JSON.readValue(event.getData().toBytes(), expected.dataClass());
    } catch (IOException e) {
      throw new UncheckedIOException("bad data in event " + event.getId(), e);
    }
  }
}
