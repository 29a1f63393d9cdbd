package io.soa.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * The in-memory span exporter of a suite of processes: an OTLP/HTTP (protobuf) trace receiver in
 * the test's JVM that the services export to ({@link #env()}), keeping every span it is sent.
 */
public final class OtlpReceiver implements AutoCloseable {

  /**
   * One received span, with the service that reported it and the spans it links to (as {@code
   * traceId:spanId}: a batch's links to the work it gathers).
   */
  public record Span(
      String service,
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      String kind,
      Map<String, String> attributes,
      List<String> links) {}

  private final HttpServer server;
  private final List<Span> spans = new CopyOnWriteArrayList<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  public static OtlpReceiver start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      OtlpReceiver r = new OtlpReceiver(server);
      server.createContext("/", r::handle);
      server.start();
      return r;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What a Quarkus service needs to export its spans here, soon after they end. */
  public Map<String, String> env() {
    return Map.of(
        "QUARKUS_OTEL_SDK_DISABLED", "false",
        "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf",
        "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
            "http://127.0.0.1:" + server.getAddress().getPort(),
        "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
  }

  public List<Span> spans() {
    return List.copyOf(spans);
  }

  /** Exports it could not read (kept for a failing test's message). */
  public List<String> errors() {
    return List.copyOf(errors);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      try {
        receive(ex);
      } catch (RuntimeException | IOException | LinkageError e) {
        errors.add(e.toString());
        ex.sendResponseHeaders(500, -1);
      }
    }
  }

  private void receive(HttpExchange ex) throws IOException {
    InputStream in = ex.getRequestBody();
    if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    ExportTraceServiceRequest req = ExportTraceServiceRequest.parseFrom(in.readAllBytes());
    for (ResourceSpans rs : req.getResourceSpansList()) {
      String service = attributes(rs.getResource().getAttributesList()).get("service.name");
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (var s : ss.getSpansList()) {
          spans.add(
              new Span(
                  service,
                  hex(s.getTraceId().toByteArray()),
                  hex(s.getSpanId().toByteArray()),
                  hex(s.getParentSpanId().toByteArray()),
                  s.getName(),
                  s.getKind().name(),
                  attributes(s.getAttributesList()),
                  s.getLinksList().stream()
                      .map(
                          l ->
                              hex(l.getTraceId().toByteArray())
                                  + ":"
                                  + hex(l.getSpanId().toByteArray()))
                      .toList()));
        }
      }
    }
    byte[] ok = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
    ex.getResponseHeaders().set("Content-Type", "application/x-protobuf");
    ex.sendResponseHeaders(200, ok.length == 0 ? -1 : ok.length);
    if (ok.length > 0) {
      ex.getResponseBody().write(ok);
    }
  }

  private static Map<String, String> attributes(List<KeyValue> kvs) {
    Map<String, String> out = new TreeMap<>();
    for (KeyValue kv : kvs) {
      var v = kv.getValue();
      out.put(
          kv.getKey(),
          switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case INT_VALUE -> Long.toString(v.getIntValue());
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            default -> v.toString();
          });
    }
    return out;
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
