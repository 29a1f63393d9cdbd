package io.soa.catalog.listener;

import io.smallrye.mutiny.Uni;
import io.soa.catalog.service.MarketMirror;
import io.soa.platform.messaging.ChainRecords;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code soa.chain.market.v1} (one partition per listed token) and {@code
 * soa.chain.licenses.v1} (one per model) in partition order; {@link MarketMirror} applies each
 * event once, with its block time. Bad records go to the dead-letter topic and transient database
 * failures are retried ({@link ChainRecords}).
 */
@ApplicationScoped
public class ChainMarketListener {
  private final MarketMirror mirror;

  public ChainMarketListener(MarketMirror mirror) {
    this.mirror = mirror;
  }

  @Incoming("chain-market")
  public Uni<Void> onMarket(ConsumerRecord<String, byte[]> record) {
    return ChainRecords.consumeTimed(record, MarketMirror::mirrors, mirror::apply);
  }

  @Incoming("chain-licenses")
  public Uni<Void> onLicenses(ConsumerRecord<String, byte[]> record) {
    return ChainRecords.consumeTimed(record, MarketMirror::mirrors, mirror::apply);
  }
}
