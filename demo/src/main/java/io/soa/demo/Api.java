package io.soa.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.soa.client.SoaClient;
import io.soa.client.Wallet;
import io.soa.events.EventCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.web3j.crypto.Credentials;

/** The suite's public HTTP APIs as the demo uses them: JSON in and out, sign-in with Ethereum. */
final class Api {
  /** An answer: its status and JSON body (null when it is not JSON). */
  record Answer(int status, JsonNode json, Map<String, java.util.List<String>> headers) {
    String header(String name) {
      var v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Hooks.Timer timer;

  Api(Hooks.Timer timer) {
    this.timer = timer;
  }

  Answer get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  Answer get(String url, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    headers.forEach(b::header);
    return send(b);
  }

  Answer post(String url, String token, Object body, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    body == null ? "" : body instanceof String s ? s : json(body)));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    headers.forEach(b::header);
    return send(b);
  }

  Answer put(String url, String token, String contentType, byte[] body) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", contentType)
            .header("Authorization", "Bearer " + token)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private Answer send(HttpRequest.Builder b) {
    HttpRequest req = b.timeout(Duration.ofSeconds(30)).build();
    long t0 = System.nanoTime();
    try {
      HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
      timer.request(req.uri().toString(), r.statusCode(), System.nanoTime() - t0);
      JsonNode json = null;
      try {
        json = r.body().isEmpty() ? null : EventCodec.JSON.readTree(r.body());
      } catch (IOException notJson) {
        // a model may answer otherwise; the status says enough
      }
      return new Answer(r.statusCode(), json, r.headers().map());
    } catch (IOException e) {
      timer.request(req.uri().toString(), 0, System.nanoTime() - t0);
      throw new IllegalStateException(req.uri() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Polls {@code url} until {@code done} holds for its answer, for at most {@code timeout}. */
  Answer await(String url, Predicate<Answer> done, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Answer a = null;
      try {
        a = get(url);
      } catch (IllegalStateException unanswered) { // the service may be restarting
        if (System.nanoTime() > deadline) {
          throw unanswered;
        }
      }
      if (a != null && done.test(a)) {
        return a;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            what + " not seen within " + timeout + ": " + (a == null ? "no answer" : a.json()));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Signs in with Ethereum (EIP-4361) at the licensing-service, through the client SDK: the
   * platform token of {@code who}.
   */
  String signIn(String licensing, Credentials who) {
    return new SoaClient(new SoaClient.Urls(licensing, null, null), this::heard)
        .signIn(Wallet.of(who));
  }

  /** A request the client SDK sent for the story, timed like the story's own. */
  void heard(String url, int status, long nanos) {
    timer.request(url, status, nanos);
  }

  static String json(Object o) {
    try {
      return EventCodec.JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
