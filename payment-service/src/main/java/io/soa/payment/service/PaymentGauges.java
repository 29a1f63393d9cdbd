package io.soa.payment.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.soa.payment.repository.PaymentStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * What operators alert on, read from the database every few seconds (a gauge must not query on
 * scrape): {@code soa_payment_unsettled_wei} (charged, not yet claimed on chain), {@code
 * soa_payment_value_at_risk_wei} (of that, on channels expiring within a day), and {@code
 * soa_payment_settlement_lag_seconds} (age of the oldest unsettled charge).
 */
@Startup
@ApplicationScoped
public class PaymentGauges {
  private static final Logger LOG = Logger.getLogger(PaymentGauges.class);
  private final PaymentStore store;
  private final AtomicReference<double[]> values = new AtomicReference<>(new double[3]);

  public PaymentGauges(PaymentStore store, MeterRegistry registry) {
    this.store = store;
    Gauge.builder("soa_payment_unsettled_wei", values, v -> v.get()[0])
        .strongReference(true)
        .register(registry);
    Gauge.builder("soa_payment_value_at_risk_wei", values, v -> v.get()[1])
        .strongReference(true)
        .register(registry);
    Gauge.builder("soa_payment_settlement_lag_seconds", values, v -> v.get()[2])
        .strongReference(true)
        .register(registry);
  }

  void start(@Observes StartupEvent ev, io.vertx.mutiny.core.Vertx vertx) {
    vertx.setPeriodic(1_000, 5_000, id -> refresh());
  }

  private void refresh() {
    store
        .pool()
        .query(
            """
            SELECT COALESCE(sum(charged - claimed), 0) AS unsettled,
                   COALESCE(sum(charged - claimed) FILTER (
                     WHERE expires_at < extract(epoch FROM now()) + 86400), 0) AS at_risk,
                   COALESCE(extract(epoch FROM now() - (
                     SELECT min(h.accepted_at) FROM charge h JOIN channel c USING (channel_id)
                     WHERE h.charged_after > c.claimed AND h.released_at IS NULL)), 0) AS lag
            FROM channel WHERE known AND NOT closed""")
        .execute()
        .subscribe()
        .with(
            rows -> {
              var r = rows.iterator().next();
              values.set(
                  new double[] {
                    r.getBigDecimal("unsettled").doubleValue(),
                    r.getBigDecimal("at_risk").doubleValue(),
                    r.getBigDecimal("lag").doubleValue()
                  });
            },
            e -> LOG.debugf("payment gauges not refreshed: %s", e.toString()));
  }
}
