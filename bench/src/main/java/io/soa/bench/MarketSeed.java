package io.soa.bench;

import io.soa.events.ChainEvent;
import io.soa.events.EventCodec;
import io.soa.events.Topics;
import io.soa.events.chain.Listed;
import io.soa.events.chain.ModelTokenized;
import io.soa.events.chain.Sold;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The market the catalog bench searches, as the indexer would publish it on the bench's broker:
 * model tokens minted by the models' developers, some listed on the marketplace, some of those
 * sold. The catalog mirrors them as in production ({@code forSale}, {@code lastSalePrice}).
 */
final class MarketSeed {
  private MarketSeed() {}

  static final String REGISTRY = "0x4000000000000000000000000000000000000001";
  static final String LICENSES = "0x4000000000000000000000000000000000000002";
  static final String MARKET = "0x4000000000000000000000000000000000000003";
  static final String BUYER = "0x4000000000000000000000000000000000000b0b";

  /** The catalog's chain settings for these contracts. */
  static Map<String, String> env() {
    return Map.of(
        "SOA_CHAIN_CHAIN_ID", "31337",
        "SOA_CHAIN_CONTRACTS_MODEL_REGISTRY", REGISTRY,
        "SOA_CHAIN_CONTRACTS_LICENSE_TOKEN", LICENSES,
        "SOA_CHAIN_CONTRACTS_MARKETPLACE", MARKET);
  }

  /**
   * Tokenizes {@code models} (catalog id, developer), lists the first {@code listed} of them and
   * sells the first {@code sold} of those at seeded prices.
   */
  static void publish(String bootstrap, List<String[]> models, int listed, int sold, Random rnd) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      long block = 1;
      for (int i = 0; i < models.size(); i++) {
        String token = Integer.toString(i + 1);
        String developer = models.get(i)[1];
        send(
            producer,
            Topics.CHAIN_MODELS,
            token,
            new ModelTokenized(
                31337,
                block,
                hash(block),
                tx(i, 0),
                0,
                false,
                REGISTRY,
                token,
                "0x" + "0".repeat(32) + models.get(i)[0].replace("-", ""), // the catalog id
                developer,
                "http://x",
                "0x" + "00".repeat(32),
                "250"));
        block++;
        if (i >= listed) {
          continue;
        }
        String price = Long.toString(1_000_000 + rnd.nextInt(100_000_000));
        String key = REGISTRY + ":" + token;
        send(
            producer,
            Topics.CHAIN_MARKET,
            key,
            new Listed(
                31337,
                block,
                hash(block),
                tx(i, 1),
                0,
                false,
                MARKET,
                token,
                REGISTRY,
                token,
                developer,
                price));
        block++;
        if (i < sold) {
          send(
              producer,
              Topics.CHAIN_MARKET,
              key,
              new Sold(
                  31337,
                  block,
                  hash(block),
                  tx(i, 2),
                  0,
                  false,
                  MARKET,
                  token,
                  REGISTRY,
                  token,
                  developer,
                  BUYER,
                  price,
                  developer,
                  "0",
                  "0"));
          block++;
        }
      }
      producer.flush();
    }
  }

  private static void send(
      KafkaProducer<String, byte[]> producer, String topic, String key, ChainEvent e) {
    producer.send(
        EventCodec.toRecord(
            topic,
            key,
            EventCodec.envelope(e.eventId(), "/chain-indexer", e, OffsetDateTime.now())));
  }

  private static String hash(long block) {
    return String.format("0x%064x", block);
  }

  private static String tx(int model, int kind) {
    return String.format("0x%060x%04x", model, kind);
  }
}
