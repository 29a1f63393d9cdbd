package io.soa.payment.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.soa.payment.repository.Reports;
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
  private final Reports reports;
  private final AtomicReference<double[]> values = new AtomicReference<>(new double[3]);

  public PaymentGauges(Reports reports, MeterRegistry registry) {
    this.reports = reports;
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
    reports
        .unsettled()
        .subscribe()
        .with(values::set, e -> LOG.debugf("payment gauges not refreshed: %s", e.toString()));
  }
}
