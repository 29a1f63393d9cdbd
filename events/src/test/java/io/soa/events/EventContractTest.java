package io.soa.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.soa.events.catalog.CatalogEventTypes;
import io.soa.events.chain.ChainEventTypes;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The published contract: schemas match records, and the Kafka binding round-trips. */
class EventContractTest {

  static final String HASH = "0x" + "ab".repeat(32);
  static final String ADDR = "0x" + "cd".repeat(20);

  @Test
  void everyTypeHasASchemaWhosePropertiesAreTheRecordComponents() throws Exception {
    for (EventType<?> t : EventTypes.ALL) {
      JsonNode schema;
      try (var in = EventSchemas.class.getResourceAsStream(t.schemaResource())) {
        schema = EventCodec.JSON.readTree(in);
      }
      Set<String> props = new HashSet<>();
      schema.get("properties").fieldNames().forEachRemaining(props::add);
      Set<String> components = new HashSet<>();
      Arrays.stream(t.dataClass().getRecordComponents()).forEach(c -> components.add(c.getName()));
      assertThat(props).as(t.type()).isEqualTo(components);
      assertThat(schema.get("title").asText()).isEqualTo(t.type());
    }
  }

  @Test
  void everyPublishedContractLogHasARegisteredType() {
    assertThat(io.soa.events.chain.ChainLogTypes.BY_LOG.values())
        .allMatch(t -> EventTypes.byType(t).isPresent());
    assertThat(
            EventTypes.chain()
                .map(EventType::type)
                .filter(t -> !t.equals(io.soa.events.chain.ChainReorganized.TYPE)))
        .allMatch(io.soa.events.chain.ChainLogTypes.BY_LOG::containsValue);
  }

  @Test
  void validChainEventPassesAndBrokenOneIsReported() {
    var ok =
        new io.soa.events.chain.ModelTokenized(
            31337, 5, HASH, HASH, 0, false, ADDR, "1", HASH, ADDR, "http://x/1", HASH, "500");
    assertThat(EventSchemas.violations(ChainEventTypes.MODEL_TOKENIZED, EventCodec.toJson(ok)))
        .isEmpty();
    var bad =
        new io.soa.events.chain.ModelTokenized(
            31337, 5, HASH, "0x12", 0, false, ADDR, "-1", HASH, ADDR, "http://x/1", HASH, "500");
    assertThat(EventSchemas.violations(ChainEventTypes.MODEL_TOKENIZED, EventCodec.toJson(bad)))
        .hasSize(2);
  }

  @Test
  void binaryModeRoundTripKeepsIdTypeSubjectAndData() {
    var data =
        new io.soa.events.catalog.ModelTokenized(
            "6f1c2b0e-1d2a-4c55-9a57-1b2c3d4e5f60", 31337, ADDR, "7", ADDR, HASH, 9);
    CloudEvent ce = EventCodec.envelope("id-1", "/catalog-service", data, OffsetDateTime.now());
    ProducerRecord<String, byte[]> out =
        EventCodec.toRecord(Topics.CATALOG_MODELS, data.modelId(), ce);
    assertThat(out.headers().lastHeader("ce_id").value()).isEqualTo("id-1".getBytes());
    assertThat(new String(out.headers().lastHeader("ce_type").value()))
        .isEqualTo("soa.catalog.ModelTokenized.v1");

    ConsumerRecord<String, byte[]> in =
        new ConsumerRecord<>(out.topic(), 0, 0, out.key(), out.value());
    out.headers().forEach(h -> in.headers().add(h));
    CloudEvent back = EventCodec.fromRecord(in);
    assertThat(back.getId()).isEqualTo("id-1");
    assertThat(back.getSubject()).isEqualTo(data.modelId());
    assertThat(EventCodec.data(back, CatalogEventTypes.MODEL_TOKENIZED)).isEqualTo(data);
    assertThat(EventTypes.byType("nope")).isEmpty();
    assertThat(EventTypes.ALL).flatExtracting(EventType::topics).allMatch(Topics.ALL::contains);
    assertThat(List.copyOf(Topics.ALL)).doesNotHaveDuplicates();
  }
}
