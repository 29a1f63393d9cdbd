package io.soa.catalog.listener;

import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.soa.catalog.service.ChainMirror;
import io.soa.events.EventCodec;
import io.soa.events.EventType;
import io.soa.events.EventTypes;
import io.soa.events.ChainEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code soa.chain.models.v1} in partition order (one partition per model key);
 * {@link ChainMirror} applies each event once.
 */
@ApplicationScoped
public class ChainModelsListener {
  private static final Logger LOG = Logger.getLogger(ChainModelsListener.class);

  private final ChainMirror mirror;

  public ChainModelsListener(ChainMirror mirror) {
    this.mirror = mirror;
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
    if (!ChainMirror.mirrors(event.getType())) {
      return Uni.createFrom().voidItem(); // approvals, royalties, reorg notices: not the catalog's
    }
    @SuppressWarnings("unchecked")
    EventType<? extends ChainEvent> type =
        (EventType<? extends ChainEvent>) EventTypes.byType(event.getType()).orElseThrow();
    ChainEvent data = EventCodec.data(event, type);
    // Transient failures (database restart) retry here; the offset is committed only after.
    return mirror.apply(event.getId(), data)
        .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(20);
  }
}
