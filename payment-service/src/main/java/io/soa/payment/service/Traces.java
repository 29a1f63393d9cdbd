package io.soa.payment.service;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;

/**
 * A charge's trace, kept with it: the W3C {@code traceparent} of the request that asked, so the
 * settlement that claims it later (another process, minutes on) can link its span to that call's
 * trace. A batch gathers many calls, so it links to them rather than joining one as a child.
 */
public final class Traces {
  private Traces() {}

  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  /** The current span's {@code traceparent}, or null when there is none (tracing off). */
  public static String current() {
    if (!Span.current().getSpanContext().isValid()) {
      return null;
    }
    Map<String, String> carrier = new HashMap<>();
    W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
    return carrier.get("traceparent");
  }

  /** The span a stored {@code traceparent} names; invalid when null or malformed. */
  static SpanContext parse(String traceParent) {
    if (traceParent == null) {
      return SpanContext.getInvalid();
    }
    Context c =
        W3CTraceContextPropagator.getInstance()
            .extract(Context.root(), Map.of("traceparent", traceParent), GETTER);
    return Span.fromContext(c).getSpanContext();
  }
}
