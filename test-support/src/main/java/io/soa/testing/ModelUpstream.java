package io.soa.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real model endpoint on loopback for the gateway's tests and benches: {@code /m/<feature>}
 * answers 200 with the body echoed, {@code fail} answers 500, {@code flaky} 200 the first time and
 * 503 after, {@code reject} 422 (a refusal the model worked for), {@code html} a page, {@code slow}
 * answers after 5 s, {@code huge} answers more than the gateway passes, {@code redirect} answers
 * 302. It keeps the path, headers and body of the latest requests.
 */
public final class ModelUpstream implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger calls = new AtomicInteger();
  private final java.util.Deque<Map<String, List<String>>> headers =
      new java.util.concurrent.ConcurrentLinkedDeque<>();
  private final Map<String, AtomicInteger> byFeature = new ConcurrentHashMap<>();

  public ModelUpstream() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(
        Executors.newFixedThreadPool(
            16,
            r -> {
              Thread t = new Thread(r, "model-upstream");
              t.setDaemon(true);
              return t;
            }));
    server.createContext(
        "/m/",
        exchange -> {
          calls.incrementAndGet();
          String feature = exchange.getRequestURI().getPath().substring("/m/".length());
          byFeature.computeIfAbsent(feature, f -> new AtomicInteger()).incrementAndGet();
          headers.addLast(Map.copyOf(exchange.getRequestHeaders()));
          if (headers.size() > 100) {
            headers.pollFirst(); // a bench calls it millions of times
          }
          byte[] in = exchange.getRequestBody().readAllBytes();
          last = new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), in);
          int status = 200;
          byte[] out =
              ("{\"feature\": \""
                      + feature
                      + "\", \"echo\": "
                      + new String(in, StandardCharsets.UTF_8)
                      + "}")
                  .getBytes(StandardCharsets.UTF_8);
          switch (feature) {
            case "fail" -> {
              status = 500;
              out = "{\"error\": \"model crashed\"}".getBytes(StandardCharsets.UTF_8);
            }
            case "flaky" -> {
              if (byFeature.get("flaky").get() > 1) {
                status = 503;
                out = "{\"error\": \"overloaded\"}".getBytes(StandardCharsets.UTF_8);
              }
            }
            case "reject" -> {
              status = 422;
              out = "{\"error\": \"text too long\"}".getBytes(StandardCharsets.UTF_8);
            }
            case "html" -> {
              exchange.getResponseHeaders().add("Content-Type", "text/html");
              out = "<script>alert(document.cookie)</script>".getBytes(StandardCharsets.UTF_8);
            }
            case "slow" -> {
              try {
                Thread.sleep(5_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            case "huge" -> out = new byte[3 * 1024 * 1024];
            case "chunked", "chunked-huge" -> { // no Content-Length: the size shows only at the end
              exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
              exchange.sendResponseHeaders(200, 0);
              byte[] chunk = new byte[64 * 1024];
              java.util.Arrays.fill(chunk, (byte) 'x');
              int chunks = feature.equals("chunked") ? 16 : 48; // 1 MiB, 3 MiB
              try (OutputStream os = exchange.getResponseBody()) {
                for (int i = 0; i < chunks; i++) {
                  os.write(chunk);
                  os.flush();
                }
              } catch (IOException cut) {
                // the gateway cut an answer past its limit
              }
              return;
            }
            case "redirect" -> {
              status = 302;
              exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest");
              out = new byte[0];
            }
            default -> {}
          }
          if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
          }
          exchange.getResponseHeaders().add("Set-Cookie", "model-session=secret");
          exchange.getResponseHeaders().add("X-Internal", "do-not-leak");
          exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
          try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
          }
        });
    server.start();
  }

  /** The endpoint to register in the catalog: features are called at endpoint/feature. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/m";
  }

  public int calls() {
    return calls.get();
  }

  public int calls(String feature) {
    AtomicInteger n = byFeature.get(feature);
    return n == null ? 0 : n.get();
  }

  /** A request as the model received it. */
  public record Received(String path, com.sun.net.httpserver.Headers headers, byte[] body) {
    /** A header's value (names in any case), or null. */
    public String header(String name) {
      return headers.getFirst(name);
    }
  }

  private volatile Received last;

  /** The latest request. */
  public Received last() {
    return last;
  }

  /** The headers of the latest request. */
  public Map<String, List<String>> lastHeaders() {
    return headers.peekLast();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
