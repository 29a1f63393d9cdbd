package io.soa.licensing.entitlement.listener;

import io.smallrye.mutiny.Uni;
import io.soa.licensing.entitlement.CatalogMirror;
import io.soa.licensing.entitlement.ChainMirror;
import io.soa.licensing.entitlement.ListingMirror;
import io.soa.platform.messaging.ChainRecords;
import io.soa.platform.messaging.EventRecords;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes the licence token's and the registry's topics (keyed by model), the marketplace's (keyed
 * by collection and token) and the catalog's (keyed by catalog model) in partition order; the
 * mirrors apply each event once. Bad records go to {@code soa.dlq.licensing-service.v1}; transient
 * database failures are retried ({@link EventRecords}).
 */
@ApplicationScoped
public class EventListener {
  private final ChainMirror chain;
  private final CatalogMirror catalog;
  private final ListingMirror listings;

  public EventListener(ChainMirror chain, CatalogMirror catalog, ListingMirror listings) {
    this.chain = chain;
    this.catalog = catalog;
    this.listings = listings;
  }

  @Incoming("chain-market")
  public Uni<Void> onMarket(ConsumerRecord<String, byte[]> record) {
    return ChainRecords.consume(record, ListingMirror::mirrors, listings::apply);
  }

  @Incoming("chain-licenses")
  public Uni<Void> onLicenses(ConsumerRecord<String, byte[]> record) {
    return ChainRecords.consume(record, ChainMirror.MIRRORED::contains, chain::apply);
  }

  @Incoming("chain-models")
  public Uni<Void> onModels(ConsumerRecord<String, byte[]> record) {
    return ChainRecords.consume(record, ChainMirror.MIRRORED::contains, chain::apply);
  }

  @Incoming("catalog-models")
  public Uni<Void> onCatalog(ConsumerRecord<String, byte[]> record) {
    return EventRecords.consume(record, CatalogMirror::mirrors, catalog::apply);
  }
}
