package io.soa.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JDK's HTTP client with JSON, as the client SDK speaks to a deployment. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();

  /** An answer: status, headers (names lower-case) and body. */
  record Answer(int status, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The body as JSON; null when it is none. */
    JsonNode json() {
      try {
        return body.length == 0 ? null : JSON.readTree(body);
      } catch (IOException notJson) {
        return null;
      }
    }

    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final Duration timeout;
  private final RequestListener listener;

  Http(Duration timeout, RequestListener listener) {
    this.timeout = timeout;
    this.listener = listener;
  }

  Answer send(String method, String url, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    long t0 = System.nanoTime();
    try {
      HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      listener.request(url, r.statusCode(), System.nanoTime() - t0);
      return new Answer(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      listener.request(url, 0, System.nanoTime() - t0);
      throw new SoaException(
          0,
          "unreachable",
          url
              + " did not answer ("
              + e.getClass().getSimpleName()
              + "): is the deployment up, and is this its URL (--gateway, SOA_GATEWAY_URL)?",
          null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SoaException(0, "interrupted", url + ": interrupted", null);
    }
  }

  /** A JSON request whose answer must be 2xx: its JSON, else the problem as an exception. */
  JsonNode json(String method, String url, String token, Object body) {
    Map<String, String> h = new java.util.HashMap<>();
    h.put("Accept", "application/json");
    if (body != null) {
      h.put("Content-Type", "application/json");
    }
    if (token != null) {
      h.put("Authorization", "Bearer " + token);
    }
    byte[] bytes;
    try {
      bytes = body == null ? null : JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
    Answer a = send(method, url, h, bytes);
    if (!a.ok()) {
      throw SoaException.of(a.status(), a.json(), method + " " + url + " answered " + a.status());
    }
    return a.json();
  }

  /** Whether {@code a} says the same request is still being worked on (409 request-in-progress). */
  static boolean inProgress(Answer a) {
    JsonNode p = a.status() == 409 ? a.json() : null;
    return p != null && p.path("type").asText().endsWith("#request-in-progress");
  }

  /** Half a second before sending the same request again. */
  static void pause() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SoaException(0, "interrupted", "interrupted while waiting to send again", null);
    }
  }
}
