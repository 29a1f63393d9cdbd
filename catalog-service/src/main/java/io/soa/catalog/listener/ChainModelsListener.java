package io.soa.catalog.listener;

import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.soa.catalog.service.ChainMirror;
import io.soa.events.ChainEvent;
import io.soa.events.EventCodec;
import io.soa.events.EventSchemas;
import io.soa.events.EventType;
import io.soa.events.EventTypes;
import io.soa.platform.messaging.Redelivery;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code soa.chain.models.v1} in partition order (one partition per model key); {@link
 * ChainMirror} applies each event once. A record that is not a CloudEvent, is of an unknown type or
 * breaks its schema fails, and goes to the dead-letter topic (see {@link Redelivery}); a transient
 * failure of the database is retried until it passes.
 */
@ApplicationScoped
public class ChainModelsListener {
  private final ChainMirror mirror;

  public ChainModelsListener(ChainMirror mirror) {
    this.mirror = mirror;
  }

  @Incoming("chain-models")
  public Uni<Void> onRecord(ConsumerRecord<String, byte[]> record) {
    return Uni.createFrom()
        .deferred(
            () -> {
              CloudEvent event = EventCodec.fromRecord(record);
              if (!ChainMirror.mirrors(event.getType())) {
                return Uni.createFrom()
                    .voidItem(); // approvals, royalties, reorg notices: not the catalog's
              }
              @SuppressWarnings("unchecked")
              EventType<? extends ChainEvent> type =
                  (EventType<? extends ChainEvent>)
                      EventTypes.byType(event.getType()).orElseThrow();
              byte[] json = event.getData() == null ? new byte[0] : event.getData().toBytes();
              List<String> violations = EventSchemas.violations(type, json);
              if (!violations.isEmpty()) {
                throw new IllegalArgumentException(
                    type.type() + " breaks its schema: " + violations);
              }
              ChainEvent data = EventCodec.data(event, type);
              // The offset is committed only once this succeeds or the record is dead-lettered.
              return Redelivery.retryingTransientFailures(mirror.apply(event.getId(), data));
            });
  }
}
