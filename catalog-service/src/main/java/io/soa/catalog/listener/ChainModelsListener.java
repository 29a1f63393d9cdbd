package io.soa.catalog.listener;

import io.smallrye.mutiny.Uni;
import io.soa.catalog.service.ChainMirror;
import io.soa.platform.messaging.ChainRecords;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code soa.chain.models.v1} in partition order (one partition per model key); {@link
 * ChainMirror} applies each event once. Bad records go to the dead-letter topic and transient
 * database failures are retried ({@link ChainRecords}).
 */
@ApplicationScoped
public class ChainModelsListener {
  private final ChainMirror mirror;

  public ChainModelsListener(ChainMirror mirror) {
    this.mirror = mirror;
  }

  @Incoming("chain-models")
  public Uni<Void> onRecord(ConsumerRecord<String, byte[]> record) {
    return ChainRecords.consume(record, ChainMirror::mirrors, mirror::apply);
  }
}
