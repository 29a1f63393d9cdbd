package io.soa.testing;

import io.cloudevents.CloudEvent;
import io.soa.events.EventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Test access to topics with Kafka's own client: read whole topics, send records. */
public final class TopicReader {
  private TopicReader() {}

  /** A record as a test sees it: the Kafka key and the decoded CloudEvent. */
  public record Received(String key, CloudEvent event, ConsumerRecord<String, byte[]> raw) {}

  /**
   * Reads {@code topic} from the beginning with a fresh group until {@code done} holds for what was
   * read, or {@code timeout} passes; returns everything read.
   */
  public static List<Received> readUntil(
      String bootstrap, String topic, Predicate<List<Received>> done, Duration timeout) {
    List<Received> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        consumer(bootstrap, "test-" + UUID.randomUUID(), "earliest")) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          CloudEvent e = cloudEventOrNull(r);
          if (e != null) {
            out.add(new Received(r.key(), e, r));
          }
        }
        if (done.test(out)) {
          return out;
        }
      }
    }
    return out;
  }

  /**
   * The one way tests, benches and audits open a consumer: string keys, byte values, no auto
   * commit, {@code autoOffsetReset} {@code earliest} or {@code latest}, up to 5,000 records a poll.
   */
  public static KafkaConsumer<String, byte[]> consumer(
      String bootstrap, String groupId, String autoOffsetReset) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** Sends {@code event} to {@code topic} under {@code key} and waits for the acknowledgement. */
  public static void send(String bootstrap, String topic, String key, CloudEvent event) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      ProducerRecord<String, byte[]> record = EventCodec.toRecord(topic, key, event);
      producer.send(record).get();
    } catch (Exception e) {
      throw new IllegalStateException("send to " + topic + " failed", e);
    }
  }

  /** Sends any record as it is (a poison record, say). */
  public static void sendRaw(String bootstrap, ProducerRecord<String, byte[]> record) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(record).get();
    } catch (Exception e) {
      throw new IllegalStateException("send to " + record.topic() + " failed", e);
    }
  }

  /**
   * The record's CloudEvent, or null for a record that is none: tests of poison records put such
   * records on the topics of the broker the whole build shares.
   */
  public static CloudEvent cloudEventOrNull(ConsumerRecord<String, byte[]> record) {
    try {
      return EventCodec.fromRecord(record);
    } catch (io.cloudevents.rw.CloudEventRWException e) {
      return null;
    }
  }
}
