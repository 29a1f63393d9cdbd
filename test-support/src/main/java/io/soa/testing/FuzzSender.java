package io.soa.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.soa.events.EventCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * The fuzzer's requests and the rules every answer must keep: no 5xx, an answer within 15 s, every
 * 4xx an RFC 9457 problem (status, type, title), and no hostile write accepted.
 */
final class FuzzSender {
  private static final ObjectMapper JSON = EventCodec.JSON;
  private static final String PROBLEM = "application/problem+json";

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private int sent;

  HttpClient http() {
    return http;
  }

  int sent() {
    return sent;
  }

  void reset() {
    sent = 0;
  }

  /**
   * Sends one request; a broken rule is added to {@code out} as a finding. The answer's status, or
   * 0 when none came.
   */
  int send(
      String method,
      String url,
      String token,
      byte[] body,
      String type,
      boolean writeMustFail,
      List<ApiFuzzer.Finding> out,
      String... headers)
      throws Exception {
    String what =
        method
            + " "
            + (url.length() > 160 ? url.substring(0, 160) + "..." : url)
            + (body == null ? "" : " body " + HostileInputs.preview(body))
            + (token == null ? " (no token)" : "");
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return 0; // not expressible as a request at all
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(15))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null) {
      b.header("Content-Type", type);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    sent++;
    HttpResponse<byte[]> r;
    // Requests above the server's limits get a connection of their own: the server may close
    // it after refusing, which must not fail the next request on a reused connection.
    boolean oversized = url.length() > 16_384 || (body != null && body.length >= 2 * 1024 * 1024);
    HttpClient client =
        oversized
            ? HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build()
            : http;
    try {
      r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      out.add(new ApiFuzzer.Finding(what, "no answer within 15 s"));
      return 0;
    } catch (java.io.IOException e) {
      // a connection the server closed on a request it refused to read (a body far above the
      // limit): acceptable only for such bodies
      if (!oversized) {
        out.add(new ApiFuzzer.Finding(what, "connection failed: " + e));
      }
      return 0;
    } finally {
      if (oversized) {
        client.close();
      }
    }
    int status = r.statusCode();
    if ((status == 431 || status == 414) && url.length() > 16_384) {
      return status; // a transport limit of the HTTP server, above anything the API takes
    }
    if (status >= 500) {
      out.add(
          new ApiFuzzer.Finding(
              what, "answered " + status + ": " + HostileInputs.preview(r.body())));
    } else if (status >= 400) {
      String ct = r.headers().firstValue("Content-Type").orElse("");
      if (!ct.startsWith(PROBLEM)) {
        out.add(
            new ApiFuzzer.Finding(
                what, "answered " + status + " without a problem body (" + ct + ")"));
      } else {
        try {
          JsonNode p = JSON.readTree(r.body());
          if (p.path("status").asInt() != status
              || !p.hasNonNull("type")
              || !p.hasNonNull("title")) {
            out.add(
                new ApiFuzzer.Finding(
                    what,
                    "problem body lacks status/type/title: " + HostileInputs.preview(r.body())));
          }
        } catch (java.io.IOException e) {
          out.add(
              new ApiFuzzer.Finding(
                  what, "problem body is not JSON: " + HostileInputs.preview(r.body())));
        }
      }
    } else if (writeMustFail && !method.equals("GET")) {
      out.add(new ApiFuzzer.Finding(what, "a hostile write was accepted: " + status));
    }
    return status;
  }
}
