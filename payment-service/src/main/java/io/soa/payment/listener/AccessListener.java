package io.soa.payment.listener;

import io.smallrye.mutiny.Uni;
import io.soa.events.licensing.AccessGranted;
import io.soa.payment.service.ChargeReleases;
import io.soa.platform.messaging.EventRecords;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes the gateway's decisions (soa.licensing.access.v1, keyed by model): a failed call's
 * charge is released ({@link ChargeReleases}). Bad records go to {@code
 * soa.dlq.payment-service.v1}.
 */
@ApplicationScoped
public class AccessListener {
  private final ChargeReleases releases;

  public AccessListener(ChargeReleases releases) {
    this.releases = releases;
  }

  @Incoming("licensing-access")
  public Uni<Void> onDecision(ConsumerRecord<String, byte[]> record) {
    return EventRecords.consume(
        record, AccessGranted.TYPE::equals, (id, data) -> releases.apply(id, (AccessGranted) data));
  }
}
