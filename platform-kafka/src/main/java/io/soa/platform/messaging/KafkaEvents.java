package io.soa.platform.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service's one Kafka producer: acks=all and idempotent, so an acknowledged event is on every
 * in-sync replica and retries never duplicate or reorder within a partition.
 */
@ApplicationScoped
public class KafkaEvents {
  private final KafkaProducer<String, byte[]> producer;

  /**
   * Where {@link #send} hands records to the producer: {@code producer.send} blocks (up to
   * max.block.ms) while the broker is unreachable and it has no metadata, and that must never be an
   * event loop (a chaos run's Kafka crash stalled every request of a service for 10 s). One thread,
   * so records are handed over in the order they are sent.
   */
  private final ExecutorService handOver =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon().name("kafka-send").unstarted(r));

  public KafkaEvents(
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
      @ConfigProperty(name = "quarkus.application.name") String serviceName,
      @ConfigProperty(name = "soa.kafka.compression-type", defaultValue = "lz4")
          String compression) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, serviceName + "-events");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression); // none, gzip, snappy, lz4, zstd
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    p.putAll(security(org.eclipse.microprofile.config.ConfigProvider.getConfig()));
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** The client settings of an authenticated cluster, as the services' consumers get them. */
  static final java.util.List<String> SECURITY =
      java.util.List.of(
          "security.protocol",
          "sasl.mechanism",
          "sasl.jaas.config",
          "ssl.truststore.type",
          "ssl.truststore.location",
          "ssl.truststore.certificates",
          "ssl.endpoint.identification.algorithm");

  /**
   * {@code kafka.<setting>} (or {@code KAFKA_<SETTING>} in the environment) for each of {@link
   * #SECURITY} that is set: production's SASL over TLS (k8s prod overlay) reaches this producer
   * too, not only the messaging connector's consumers.
   */
  static Properties security(org.eclipse.microprofile.config.Config config) {
    Properties p = new Properties();
    for (String k : SECURITY) {
      config.getOptionalValue("kafka." + k, String.class).ifPresent(v -> p.put(k, v));
    }
    return p;
  }

  /**
   * Sends {@code record} (handed to the producer off the caller's thread, in order); the Uni
   * completes when Kafka has acknowledged it.
   */
  public Uni<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
    return Uni.createFrom()
        .<RecordMetadata>emitter(
            em ->
                producer.send(
                    record,
                    (md, err) -> {
                      if (err != null) {
                        em.fail(err);
                      } else {
                        em.complete(md);
                      }
                    }))
        .runSubscriptionOn(handOver);
  }

  /** For callers on their own thread (the chain indexer): blocks until acknowledged. */
  public KafkaProducer<String, byte[]> producer() {
    return producer;
  }

  @PreDestroy
  void close() {
    handOver.shutdown();
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
