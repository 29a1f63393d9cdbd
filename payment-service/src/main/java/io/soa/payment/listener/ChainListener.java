package io.soa.payment.listener;

import io.smallrye.mutiny.Uni;
import io.soa.payment.service.ChainMirror;
import io.soa.platform.messaging.ChainRecords;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes the escrow's topic (keyed by channel) and the registry's (keyed by model) in partition
 * order; {@link ChainMirror} applies each event once. Bad records go to {@code
 * soa.dlq.payment-service.v1}; transient database failures are retried ({@link ChainRecords}).
 */
@ApplicationScoped
public class ChainListener {
  private final ChainMirror mirror;

  public ChainListener(ChainMirror mirror) {
    this.mirror = mirror;
  }

  @Incoming("chain-escrow")
  public Uni<Void> onEscrow(ConsumerRecord<String, byte[]> record) {
    return ChainRecords.consume(record, ChainMirror.MIRRORED::contains, mirror::apply);
  }

  @Incoming("chain-models")
  public Uni<Void> onModels(ConsumerRecord<String, byte[]> record) {
    return ChainRecords.consume(record, ChainMirror.MIRRORED::contains, mirror::apply);
  }
}
