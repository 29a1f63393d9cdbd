package io.soa.catalog.listener;

import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.soa.catalog.service.ModelService;
import io.soa.events.EventCodec;
import io.soa.events.EventTypes;
import io.soa.events.chain.ModelTokenized;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Consumes {@code soa.chain.models.v1}; the service applies each event once (inbox). */
@ApplicationScoped
public class ChainModelsListener {
  private static final Logger LOG = Logger.getLogger(ChainModelsListener.class);

  private final ModelService service;

  public ChainModelsListener(ModelService service) {
    this.service = service;
  }

  @Incoming("chain-models")
  public Uni<Void> onRecord(ConsumerRecord<String, byte[]> record) {
    CloudEvent event;
    try {
      event = EventCodec.fromRecord(record);
    } catch (RuntimeException e) {
      LOG.errorf("skipping a record that is not a CloudEvent at %s-%d@%d: %s", record.topic(),
          record.partition(), record.offset(), e.getMessage());
      return Uni.createFrom().voidItem();
    }
    if (!ModelTokenized.TYPE.equals(event.getType())) {
      return Uni.createFrom().voidItem(); // other registry events are not the catalog's yet
    }
    ModelTokenized data = EventCodec.data(event, EventTypes.CHAIN_MODEL_TOKENIZED);
    // Transient failures (database restart) retry here; the offset is committed only after.
    return service.applyTokenized(event.getId(), data)
        .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(20);
  }
}
