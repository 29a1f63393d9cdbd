package io.soa.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.soa.events.EventCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bad-input fuzzer for any service of the suite: it reads the service's own OpenAPI document and
 * sends hostile requests to every operation (wrong types, missing and extra fields, huge and empty
 * values, control characters, bad UTF-8, huge numbers, wrong content types, missing and forged
 * tokens, tampered cursors). {@link #run} returns every answer that breaks the rules: a 5xx, no
 * answer in time, a 4xx without an RFC 9457 problem body, or a write that succeeded.
 */
public final class ApiFuzzer {
  private static final ObjectMapper JSON = EventCodec.JSON; // the suite's one configuration

  /** One request sent and what came back. */
  public record Finding(String request, String problem) {}

  private final String base;
  private final String validToken;
  private final String forgedToken;
  private final Map<String, String> knownPathValues;
  private final FuzzSender sender = new FuzzSender();
  private final HttpClient http = sender.http();

  /**
   * @param base the service's base URL
   * @param validToken a bearer token the service accepts
   * @param forgedToken one it must refuse (signed by another key)
   * @param knownPathValues path parameters of a real resource (e.g. {@code id}), tried besides
   *     hostile ones so that body checks behind the lookup are reached too
   */
  public ApiFuzzer(
      String base, String validToken, String forgedToken, Map<String, String> knownPathValues) {
    this.base = base;
    this.validToken = validToken;
    this.forgedToken = forgedToken;
    this.knownPathValues = knownPathValues;
  }

  private java.util.Set<String> openWrites = java.util.Set.of();

  /**
   * Writes any stranger may make and succeed at, as {@code "POST /v1/auth/nonce"} (an operation
   * that takes no input): they must still never answer 5xx, but a 2xx is not a finding.
   */
  public ApiFuzzer withOpenWrites(String... operations) {
    this.openWrites = java.util.Set.of(operations);
    return this;
  }

  /** How many requests the last {@link #run} sent. */
  public int sent() {
    return sender.sent();
  }

  /** Fuzzes every operation of the service's {@code /q/openapi}; returns the findings. */
  public List<Finding> run() throws Exception {
    JsonNode api =
        JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/q/openapi?format=json")).build(),
                    HttpResponse.BodyHandlers.ofByteArray())
                .body());
    List<Finding> findings = new ArrayList<>();
    sender.reset();
    for (Iterator<Map.Entry<String, JsonNode>> paths = api.path("paths").properties().iterator();
        paths.hasNext(); ) {
      var path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().properties().iterator();
          ops.hasNext(); ) {
        var op = ops.next();
        String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
        if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
          continue;
        }
        fuzz(api, method, path.getKey(), op.getValue(), findings);
      }
    }
    return findings;
  }

  private void fuzz(JsonNode api, String method, String template, JsonNode op, List<Finding> out)
      throws Exception {
    List<String> pathNames = new ArrayList<>();
    List<String> queryNames = new ArrayList<>();
    for (JsonNode p : op.path("parameters")) {
      ("path".equals(p.path("in").asText())
              ? pathNames
              : "query".equals(p.path("in").asText()) ? queryNames : new ArrayList<String>())
          .add(p.path("name").asText());
    }
    boolean write = !method.equals("GET") && !openWrites.contains(method + " " + template);
    boolean hasBody = op.has("requestBody");
    // A write without a body (delist, resume...) would succeed with a good token on the real
    // resource: it only ever gets a forged one there. Writes with a body get hostile bodies only.
    String realToken = write && !hasBody ? forgedToken : validToken;
    JsonNode bodySchema =
        HostileInputs.resolve(
            api,
            op.path("requestBody").path("content").elements().hasNext()
                ? op.path("requestBody").path("content").elements().next().path("schema")
                : null);
    String bodyType =
        op.path("requestBody").path("content").fieldNames().hasNext()
            ? op.path("requestBody").path("content").fieldNames().next()
            : "application/json";

    // 1. hostile path values (and the known, real ones for the rest)
    List<Map<String, String>> pathSets = new ArrayList<>();
    Map<String, String> real = new LinkedHashMap<>();
    for (String n : pathNames) {
      real.put(n, knownPathValues.getOrDefault(n, "00000000-0000-0000-0000-000000000000"));
    }
    pathSets.add(real);
    for (String n : pathNames) {
      for (String v : HostileInputs.strings()) {
        Map<String, String> m = new LinkedHashMap<>(real);
        m.put(n, v);
        pathSets.add(m);
      }
    }
    for (Map<String, String> values : pathSets) {
      String url = base + HostileInputs.expand(template, values);
      boolean isReal = values.equals(real);
      send(
          method,
          url,
          isReal ? realToken : validToken,
          hasBody ? "{\"zz_unknown\": 1}" : null,
          bodyType,
          write,
          out);
    }
    String url = base + HostileInputs.expand(template, real);

    // 2. hostile query values, one parameter at a time, and repeated parameters
    for (String q : queryNames) {
      for (String v : HostileInputs.strings()) {
        send(method, url + "?" + q + "=" + v, realToken, null, bodyType, write, out);
      }
      send(method, url + "?" + q + "=1&" + q + "=2", realToken, null, bodyType, write, out);
    }
    send(
        method,
        url + "?cursor=" + HostileInputs.tamperedCursor(),
        realToken,
        null,
        bodyType,
        write,
        out);
    // a parameter the operation does not take, and values just past each declared bound: a 4xx,
    // never an answer as if it were fine (GET /v1/models?size=-1 once answered a full page)
    refused(method, url + "?zz_unknown=-1", realToken, bodyType, out);
    for (JsonNode p : op.path("parameters")) {
      String in = p.path("in").asText();
      String name = p.path("name").asText();
      JsonNode schema = HostileInputs.resolve(api, p.path("schema"));
      HostileInputs.undeclaredBound(schema)
          .ifPresent(
              why ->
                  out.add(
                      new Finding(
                          method + " " + template + " " + in + " " + name,
                          "declares no bound (" + why + ")")));
      for (String past : HostileInputs.pastBounds(schema)) {
        if (in.equals("path")) {
          Map<String, String> values = new LinkedHashMap<>(real);
          values.put(name, past);
          refused(method, base + HostileInputs.expand(template, values), realToken, bodyType, out);
        } else if (in.equals("query")) {
          refused(method, url + "?" + name + "=" + past, realToken, bodyType, out);
        } else if (in.equals("header") && !name.equalsIgnoreCase("authorization")) {
          refused(method, url, realToken, bodyType, out, name, past);
        }
      }
    }
    // above the server's request-line limit: refused by the HTTP layer (431) or the connection
    // closed, before any application code; never a 5xx or a hang
    send(method, url + "?q=" + "x".repeat(100_000), realToken, null, bodyType, write, out);

    // 3. auth: missing, garbage and forged tokens on every operation
    for (String token : new String[] {null, "garbage", "a.b.c", forgedToken}) {
      send(method, url, token, hasBody ? "{}" : null, bodyType, write, out);
    }

    // 4. hostile bodies
    if (write && hasBody) {
      List<String> bodies =
          new ArrayList<>(
              List.of(
                  "",
                  "null",
                  "[]",
                  "\"text\"",
                  "12",
                  "{",
                  "{\"a\":",
                  "[".repeat(5000) + "]".repeat(5000),
                  "{\"zz_unknown\": 1}",
                  "{\"" + "k".repeat(100_000) + "\": 1}",
                  "\"\\ud800\""));
      if (bodySchema != null) {
        bodies.addAll(HostileInputs.wrongTypedBodies(api, bodySchema));
      }
      for (String b : bodies) {
        send(method, url, validToken, b, bodyType, true, out);
        send(method, url, validToken, b, bodyType, true, out, "If-Match", "\"0\"");
      }
      // bad UTF-8 bytes, a wrong content type, a body far above the size limit
      sendBytes(
          method,
          url,
          validToken,
          new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}'},
          bodyType,
          out);
      send(method, url, validToken, "{\"name\": \"x\"}", "text/plain", true, out);
      send(method, url, validToken, "<x/>", "application/xml", true, out);
      sendBytes(
          method,
          url,
          validToken,
          ("{\"name\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8),
          bodyType,
          out);
    }
  }

  /** Sends a request that must be refused with a 4xx problem, whatever its method. */
  private void refused(
      String method, String url, String token, String type, List<Finding> out, String... headers)
      throws Exception {
    List<Finding> got = new ArrayList<>();
    lastStatus = 0;
    sendBytes(method, url, token, null, type, true, got, headers);
    out.addAll(got);
    if (got.isEmpty() && lastStatus > 0 && lastStatus < 400) {
      out.add(
          new Finding(
              method + " " + url, "an unknown parameter or a value past a bound was taken"));
    }
  }

  private int lastStatus;

  private void send(
      String method,
      String url,
      String token,
      String body,
      String type,
      boolean writeMustFail,
      List<Finding> out,
      String... headers)
      throws Exception {
    sendBytes(
        method,
        url,
        token,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        type,
        writeMustFail,
        out,
        headers);
  }

  private void sendBytes(
      String method, String url, String token, byte[] body, String type, List<Finding> out)
      throws Exception {
    sendBytes(method, url, token, body, type, true, out);
  }

  private void sendBytes(
      String method,
      String url,
      String token,
      byte[] body,
      String type,
      boolean writeMustFail,
      List<Finding> out,
      String... headers)
      throws Exception {
    lastStatus = sender.send(method, url, token, body, type, writeMustFail, out, headers);
  }
}
