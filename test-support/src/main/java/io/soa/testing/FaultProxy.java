package io.soa.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.soa.events.EventCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A small JSON-RPC proxy on 127.0.0.1 that injects the faults real nodes have: HTTP 500s, 429s,
 * timeouts, "too many results" range limits on {@code eth_getLogs}, and a frozen head. Faults are
 * set at runtime with {@code POST /__faults} and a JSON body of {@link Faults}.
 */
public final class FaultProxy implements AutoCloseable {
  /**
   * Fault settings; rates are probabilities per request. {@code headLag} makes the node look that
   * many blocks behind (a lagging or syncing node): its head is lower and it has no block above
   * that head. {@code branchRate} is the chance that a block header comes from another branch
   * (another hash: a load balancer over unsynced nodes) or, one time in three, is missing though
   * the block is below the head. {@code chainId}, when not 0, is the chain id the node claims.
   */
  public record Faults(
      double errorRate,
      double rateLimitRate,
      double timeoutRate,
      long timeoutMs,
      long maxLogRange,
      boolean freezeHead,
      long headLag,
      double branchRate,
      long chainId) {
    public static final Faults NONE = new Faults(0, 0, 0, 0, 0, false, 0, 0, 0);

    public Faults(
        double errorRate,
        double rateLimitRate,
        double timeoutRate,
        long timeoutMs,
        long maxLogRange,
        boolean freezeHead) {
      this(errorRate, rateLimitRate, timeoutRate, timeoutMs, maxLogRange, freezeHead, 0, 0, 0);
    }

    /** A node {@code blocks} behind the chain, and nothing else wrong. */
    public static Faults lagging(long blocks) {
      return new Faults(0, 0, 0, 0, 0, false, blocks, 0, 0);
    }

    /** A node whose headers come from another branch with probability {@code rate}. */
    public static Faults twoBranches(double rate) {
      return new Faults(0, 0, 0, 0, 0, false, 0, rate, 0);
    }

    /** A node on chain {@code chainId}. */
    public static Faults onChain(long chainId) {
      return new Faults(0, 0, 0, 0, 0, false, 0, 0, chainId);
    }

    /** A node that answers every request with HTTP 500. */
    public static Faults down() {
      return new Faults(1.0, 0, 0, 0, 0, false);
    }
  }

  private static final ObjectMapper JSON = EventCodec.JSON; // the suite's one configuration
  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI upstream;
  private final Random random = new Random(42);
  private final AtomicLong frozenHead = new AtomicLong(-1);
  private final AtomicLong injected = new AtomicLong();
  private volatile Faults faults = Faults.NONE;
  private volatile ReadWriteLock gate = new ReentrantReadWriteLock();

  public FaultProxy(String upstreamUrl) throws IOException {
    this.upstream = URI.create(upstreamUrl);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.createContext("/__faults", this::control);
    server.createContext("/", this::proxy);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many faults were injected so far. */
  public long injected() {
    return injected.get();
  }

  /**
   * Each proxied request is forwarded holding {@code gate} shared: a chaos run holds it exclusively
   * while it reorganizes the chain, so no transaction reaches the node half way through.
   */
  public void gate(ReadWriteLock gate) {
    this.gate = gate;
  }

  public void set(Faults f) {
    if (!f.freezeHead()) {
      frozenHead.set(-1);
    } else {
      frozenHead.set(upstreamHead()); // frozen from now, not from the next request
    }
    faults = f;
  }

  private long upstreamHead() {
    try {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(upstream)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\",\"params\":[]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      return Long.decode(JSON.readTree(r.body()).path("result").asText());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sets the faults of a proxy at {@code url} from another JVM (a test talking to a resource). */
  public static void set(String url, Faults f) {
    try {
      HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url + "/__faults"))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(f)))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private void control(HttpExchange ex) throws IOException {
    if ("POST".equals(ex.getRequestMethod())) {
      set(JSON.readValue(ex.getRequestBody().readAllBytes(), Faults.class));
    }
    byte[] body =
        JSON.writeValueAsBytes(java.util.Map.of("faults", faults, "injected", injected.get()));
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  private void proxy(HttpExchange ex) throws IOException {
    byte[] req = ex.getRequestBody().readAllBytes();
    Faults f = faults;
    double r = random.nextDouble();
    try {
      if (r < f.errorRate()) {
        injected.incrementAndGet();
        respond(ex, 500, "upstream exploded".getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (r < f.errorRate() + f.rateLimitRate()) {
        injected.incrementAndGet();
        respond(
            ex,
            429,
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":429,\"message\":\"Too Many Requests\"}}"
                .getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (r < f.errorRate() + f.rateLimitRate() + f.timeoutRate()) {
        injected.incrementAndGet();
        Thread.sleep(f.timeoutMs());
      }
      JsonNode call = JSON.readTree(req);
      if (!call.isArray()
          && f.maxLogRange() > 0
          && "eth_getLogs".equals(call.path("method").asText())) {
        JsonNode p = call.path("params").path(0);
        long from = Long.decode(p.path("fromBlock").asText("0x0"));
        long to = Long.decode(p.path("toBlock").asText("0x0"));
        if (to - from + 1 > f.maxLogRange()) {
          injected.incrementAndGet();
          respond(
              ex,
              200,
              ("{\"jsonrpc\":\"2.0\",\"id\":"
                      + call.path("id")
                      + ",\"error\":{\"code\":-32005,"
                      + "\"message\":\"query returned more than 10000 results\"}}")
                  .getBytes(StandardCharsets.UTF_8));
          return;
        }
      }
      HttpResponse<byte[]> up;
      ReadWriteLock held = gate;
      held.readLock().lock();
      try {
        up =
            http.send(
                HttpRequest.newBuilder(upstream)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(req))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
      } finally {
        held.readLock().unlock();
      }
      byte[] body = up.body();
      if (f.headLag() > 0) {
        body = lag(call, body, upstreamHead() - f.headLag());
      }
      if (f.branchRate() > 0 || f.chainId() != 0) {
        body = mislead(call, body, f);
      }
      if (f.freezeHead()
          && !call.isArray()
          && "eth_blockNumber".equals(call.path("method").asText())) {
        ObjectNode n = (ObjectNode) JSON.readTree(body);
        frozenHead.compareAndSet(-1, Long.decode(n.path("result").asText()));
        n.put("result", "0x" + Long.toHexString(frozenHead.get()));
        body = JSON.writeValueAsBytes(n);
      }
      respond(ex, up.statusCode(), body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ex.close();
    } catch (Exception e) {
      respond(ex, 502, e.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Headers from another branch now and then, or another chain id, as {@code f} says. */
  private byte[] mislead(JsonNode call, byte[] body, Faults f) throws IOException {
    JsonNode answer = JSON.readTree(body);
    List<JsonNode> calls = new ArrayList<>();
    List<JsonNode> answers = new ArrayList<>();
    if (call.isArray() && answer.isArray()) {
      call.forEach(calls::add);
      answer.forEach(answers::add);
    } else {
      calls.add(call);
      answers.add(answer);
    }
    for (int i = 0; i < Math.min(calls.size(), answers.size()); i++) {
      String method = calls.get(i).path("method").asText();
      if (!(answers.get(i) instanceof ObjectNode a)) {
        continue;
      }
      if (f.chainId() != 0 && method.equals("eth_chainId")) {
        a.put("result", "0x" + Long.toHexString(f.chainId()));
      }
      if (f.branchRate() > 0
          && method.equals("eth_getBlockByNumber")
          && a.path("result") instanceof ObjectNode b
          && random.nextDouble() < f.branchRate()) {
        if (injected.incrementAndGet() % 3 == 0) {
          a.putNull("result"); // a block it claims (below its head) but has not got
        } else {
          String hash = b.path("hash").asText();
          b.put(
              "hash",
              hash.substring(0, hash.length() - 4) + (hash.endsWith("beef") ? "dead" : "beef"));
        }
      }
    }
    return JSON.writeValueAsBytes(answer);
  }

  /** The answer of a node whose head is {@code head}: no block above it, that head reported. */
  private static byte[] lag(JsonNode call, byte[] body, long head) throws IOException {
    JsonNode answer = JSON.readTree(body);
    if (call.isArray() && answer.isArray()) {
      for (int i = 0; i < call.size() && i < answer.size(); i++) {
        lagOne(call.get(i), (ObjectNode) answer.get(i), head);
      }
    } else if (answer.isObject()) {
      lagOne(call, (ObjectNode) answer, head);
    }
    return JSON.writeValueAsBytes(answer);
  }

  private static void lagOne(JsonNode call, ObjectNode answer, long head) {
    switch (call.path("method").asText()) {
      case "eth_blockNumber" -> answer.put("result", "0x" + Long.toHexString(head));
      case "eth_getBlockByNumber" -> {
        String n = call.path("params").path(0).asText();
        if (!n.startsWith("0x") || Long.decode(n) > head) {
          answer.putNull("result");
        }
      }
      default -> {}
    }
  }

  private static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
    try {
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(status, body.length);
      ex.getResponseBody().write(body);
    } catch (IOException e) {
      // the client gave up (timeout): fine
    } finally {
      ex.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
