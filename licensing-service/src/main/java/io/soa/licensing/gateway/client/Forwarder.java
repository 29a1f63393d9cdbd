package io.soa.licensing.gateway.client;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.soa.licensing.gateway.GatewayConfig;
import io.soa.platform.error.UpstreamFailure;
import io.soa.platform.net.EndpointPolicy;
import io.soa.verifier.GatewaySigner;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Forwards a let-through call to the model's registered endpoint plus the feature's path, and
 * nowhere else (DESIGN §6). The endpoint is checked again here whatever the catalog said, and every
 * address its host resolves to is checked at connect time ({@link EndpointPolicy}): the connection
 * goes to the checked address (the host name stays in the Host header and TLS SNI), so a name that
 * resolves inside later, or differently for a second lookup, cannot turn the gateway inward. Bodies
 * are bounded both ways (the model's is streamed, not held), the call is bounded in time, redirects
 * are not followed, only end-to-end headers named here pass in either direction: the caller's token
 * and voucher never reach the model. Every forwarded call is signed ({@link GatewaySigner}, RFC
 * 9421) over its method, path, body digest and the call's {@code soa-*} fields, so a model can
 * refuse calls that did not come through the gateway. A model's 5xx is a failure (502 {@code
 * model-failed}): its body is dropped and the caller does not pay.
 */
@ApplicationScoped
public class Forwarder {
  /** Request headers passed to the model; everything else (Authorization first) stays here. */
  static final List<String> REQUEST_HEADERS =
      List.of("content-type", "accept", "accept-language", "content-language");

  /** Response headers passed back; hop-by-hop ones, cookies and Location stay with the model. */
  static final Set<String> RESPONSE_HEADERS =
      Set.of("content-type", "content-language", "cache-control", "etag", "last-modified");

  /**
   * What the model answered: its status and the headers passed back, and its body as it arrives
   * (streamed to the caller, never held whole; it fails if it grows past the limit or stalls).
   */
  public record Answer(int status, Map<String, String> headers, Multi<Buffer> body) {}

  /** The failure of a call the model did not answer. */
  private static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super(null, null, false, false);
    }
  }

  private final GatewayConfig config;
  private final EndpointPolicy policy;
  private final HttpClient plain;
  private final HttpClient tls;

  private final GatewaySigner signer;

  public Forwarder(GatewayConfig config, Vertx vertx, GatewaySigner signer) {
    this.config = config;
    this.signer = signer;
    this.policy = new EndpointPolicy(config.allowLocal());
    HttpClientOptions options =
        new HttpClientOptions()
            .setConnectTimeout((int) config.connectTimeout().toMillis())
            .setMaxPoolSize(256)
            .setKeepAlive(true)
            .setDecompressionSupported(false); // the body is passed on as the model sent it
    this.plain = vertx.createHttpClient(options);
    this.tls = vertx.createHttpClient(new HttpClientOptions(options).setSsl(true));
  }

  /**
   * Calls {@code endpoint}/{@code feature} with {@code body}; fails with an {@link UpstreamFailure}
   * when the model cannot be called or does not answer within the limits.
   */
  public Uni<Answer> forward(
      String endpoint, String feature, MultiMap incoming, Map<String, String> added, Buffer body) {
    URI target = target(endpoint, feature);
    return resolve(target.getHost())
        .flatMap(
            address -> {
              boolean https = "https".equalsIgnoreCase(target.getScheme());
              int port = target.getPort() > 0 ? target.getPort() : https ? 443 : 80;
              String path =
                  target.getRawPath()
                      + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
              RequestOptions ro =
                  new RequestOptions()
                      .setMethod(HttpMethod.POST)
                      .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                      .setHost(target.getHost())
                      .setPort(port)
                      .setURI(path)
                      .setFollowRedirects(false);
              for (String h : REQUEST_HEADERS) {
                String v = incoming.get(h);
                if (v != null) {
                  ro.putHeader(h, v);
                }
              }
              added.forEach(ro::putHeader);
              signer
                  .sign(
                      "POST",
                      target.getRawPath(),
                      added,
                      body.getBytes(),
                      java.time.Instant.now().getEpochSecond())
                  .forEach(ro::putHeader);
              return (https ? tls : plain)
                  .request(ro)
                  .flatMap(req -> req.send(body))
                  .flatMap(this::read);
            })
        .ifNoItem()
        .after(config.upstreamTimeout())
        .failWith(TimeoutException::new)
        .onFailure(e -> !(e instanceof UpstreamFailure))
        .transform(Forwarder::failure);
  }

  private Uni<Answer> read(HttpClientResponse resp) {
    if (resp.statusCode() >= 500) { // the model failed: its status, never its body, and no payment
      resp.exceptionHandler(ignored -> {});
      resp.request().reset();
      return Uni.createFrom()
          .failure(
              new UpstreamFailure(
                  502,
                  "model-failed",
                  "the model failed to answer (its status " + resp.statusCode() + "): not paid",
                  Map.of("modelStatus", resp.statusCode())));
    }
    String length = resp.getHeader("content-length");
    if (length != null
        && length.matches("\\d{1,18}")
        && Long.parseLong(length) > config.maxResponseBytes()) {
      resp.exceptionHandler(ignored -> {});
      resp.request().reset();
      return Uni.createFrom().failure(new TooLarge());
    }
    resp.pause(); // the body waits for the caller's side: the decision commits first
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    resp.headers()
        .forEach(
            (k, v) -> {
              if (RESPONSE_HEADERS.contains(k.toLowerCase(Locale.ROOT))) {
                headers.putIfAbsent(k.toLowerCase(Locale.ROOT), v);
              }
            });
    int max = config.maxResponseBytes();
    long[] seen = {0};
    Multi<Buffer> body =
        resp.toMulti()
            .onItem()
            .invoke(
                chunk -> {
                  seen[0] += chunk.length();
                  if (seen[0] > max) { // a chunked answer that grows past the limit: cut it
                    resp.exceptionHandler(ignored -> {});
                    resp.request().reset();
                    throw new TooLarge();
                  }
                })
            .ifNoItem()
            .after(config.upstreamTimeout())
            .failWith(TimeoutException::new);
    return Uni.createFrom().item(new Answer(resp.statusCode(), headers, body));
  }

  /** {@code endpoint} + "/" + feature, refused unless it may be called at all. */
  private URI target(String endpoint, String feature) {
    if (endpoint == null) {
      throw new UpstreamFailure(502, "no-endpoint", "the model has no endpoint in the catalog");
    }
    Optional<String> why = policy.check(endpoint);
    if (why.isPresent()) {
      throw new UpstreamFailure(
          502, "endpoint-refused", "the model's endpoint may not be called: it " + why.get());
    }
    try {
      URI u = new URI(endpoint);
      String path = u.getRawPath() == null ? "" : u.getRawPath();
      return new URI(
          u.getScheme(),
          u.getRawAuthority(),
          (path.endsWith("/") ? path : path + "/") + feature,
          u.getRawQuery(),
          null);
    } catch (URISyntaxException e) {
      throw new UpstreamFailure(502, "endpoint-refused", "the model's endpoint is not a URL");
    }
  }

  /** The host's addresses (a lookup is blocking: on a worker), every one of them allowed. */
  private Uni<InetAddress> resolve(String host) {
    Uni<InetAddress> checked =
        Uni.createFrom()
            .item(
                () -> {
                  InetAddress[] all;
                  try {
                    all = InetAddress.getAllByName(host);
                  } catch (UnknownHostException e) {
                    throw new UpstreamFailure(
                        502,
                        "upstream-unreachable",
                        "the model's host " + host + " does not resolve");
                  }
                  for (InetAddress a : all) {
                    Optional<String> why = policy.checkAddress(a);
                    if (why.isPresent()) {
                      throw new UpstreamFailure(
                          502,
                          "endpoint-refused",
                          "the model's host resolves to "
                              + a.getHostAddress()
                              + ", which "
                              + why.get());
                    }
                  }
                  return all[0];
                });
    // an address literal needs no lookup; a name's lookup may block
    return LITERAL.matcher(host).matches()
        ? checked
        : checked.runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  private static final java.util.regex.Pattern LITERAL =
      java.util.regex.Pattern.compile(
          "\\d{1,3}(\\.\\d{1,3}){3}|\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*]?");

  private static Throwable failure(Throwable e) {
    if (e instanceof TimeoutException || e instanceof io.netty.handler.timeout.TimeoutException) {
      return new UpstreamFailure(504, "upstream-timeout", "the model did not answer in time");
    }
    if (e instanceof TooLarge) {
      return new UpstreamFailure(
          502, "upstream-too-large", "the model's answer is larger than the gateway passes");
    }
    return new UpstreamFailure(
        502,
        "upstream-unreachable",
        e instanceof java.net.ConnectException
            ? "the model's endpoint refused the connection"
            : "the model's endpoint could not be reached");
  }
}
