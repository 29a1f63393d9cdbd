package io.soa.licensing.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's figures: decisions by path and outcome (reason for a refusal), the gateway's own
 * time per granted call (decision and forwarding, the model's time excluded), the models' time and
 * failures. The payment circuit's state is SmallRye Fault Tolerance's own {@code
 * ft.circuitbreaker.*}.
 */
@ApplicationScoped
public class AccessMetrics {
  private final MeterRegistry registry;
  // meters by their tags, looked up once: registering per call costs more than the decision
  private final Map<String, Counter> decisions = new ConcurrentHashMap<>();
  private final Map<String, Timer> overheads = new ConcurrentHashMap<>();
  private final Map<String, Timer> upstreams = new ConcurrentHashMap<>();

  public AccessMetrics(MeterRegistry registry) {
    this.registry = registry;
    // served at 0 from the start, so the error-rate alert and the dashboard have a series
    upstreamErrors("5xx");
  }

  private Counter upstreamErrors(String kind) {
    return Counter.builder("soa_gateway_upstream_errors")
        .description("forwarded calls the model failed (5xx, refused, timed out, too large)")
        .tag("kind", kind)
        .register(registry);
  }

  void granted(String path, long overheadNanos) {
    decision(path, "granted", "ok").increment();
    overheads
        .computeIfAbsent(
            path,
            p ->
                Timer.builder("soa_gateway_overhead")
                    .description("the gateway's time per granted call, the model's excluded")
                    .tag("path", p)
                    .publishPercentiles(0.5, 0.99)
                    .register(registry))
        .record(overheadNanos, TimeUnit.NANOSECONDS);
  }

  void denied(String path, String reason) {
    decision(path, "denied", reason).increment();
  }

  void upstream(int status, Throwable failure, long nanos) {
    upstreams
        .computeIfAbsent(
            failure != null ? "failed" : (status / 100) + "xx",
            s ->
                Timer.builder("soa_gateway_upstream")
                    .description("the models' time to answer a forwarded call")
                    .tag("status", s)
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
    if (failure != null || status >= 500) {
      upstreamErrors(
              failure instanceof io.soa.platform.error.DomainException d
                  ? d.code()
                  : failure != null ? "other" : "5xx")
          .increment();
    }
  }

  private Counter decision(String path, String outcome, String reason) {
    return decisions.computeIfAbsent(
        path + "|" + outcome + "|" + reason,
        k ->
            Counter.builder("soa_gateway_decisions")
                .description("access decisions by path, outcome and reason")
                .tag("path", path)
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry));
  }
}
