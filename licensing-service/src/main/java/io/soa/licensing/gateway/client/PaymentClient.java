package io.soa.licensing.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.soa.events.EventCodec;
import io.soa.licensing.gateway.GatewayConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The voucher path's one synchronous call: payment-service charges a voucher (a charge whose call
 * failed is released by payment-service itself, from the decision's {@code AccessGranted} event). A
 * charge is idempotent by request id, so a failure that may have happened after payment committed
 * (a 5xx, a timeout, a dropped connection) is retried with the same id and gets the first answer; a
 * refusal (4xx) is an answer, never retried. Consecutive failures open the circuit: calls fail at
 * once for a while instead of piling up behind a sick service.
 */
@ApplicationScoped
public class PaymentClient {
  /** payment-service did not answer usably (a 5xx, a timeout, no connection). */
  public static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unavailable(String why) {
      super(why, null, false, false);
    }
  }

  /** payment-service's answer: a charge (201) or a refusal with its problem details. */
  public sealed interface Outcome {}

  public record Charged(
      String chargeId, String channelId, BigInteger amount, String feature, boolean released)
      implements Outcome {}

  public record Refused(int status, JsonNode problem) implements Outcome {}

  /** What is charged: the voucher, the call, and the idempotency key. */
  public record ChargeBody(
      String requestId,
      String channelId,
      String cumulativeAmount,
      String signature,
      String modelId,
      String feature,
      String caller,
      String maxPrice) {}

  private final WebClient web;
  private final ServiceToken token;
  private final URI base;

  public PaymentClient(GatewayConfig config, Vertx vertx, ServiceToken token) {
    this.base = URI.create(config.paymentUrl());
    this.token = token;
    this.web =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort() > 0 ? base.getPort() : 80)
                .setSsl("https".equalsIgnoreCase(base.getScheme()))
                .setMaxPoolSize(64)
                .setKeepAlive(true)
                .setConnectTimeout(2000));
  }

  @Timeout(value = 3, unit = ChronoUnit.SECONDS)
  @Retry(
      maxRetries = 2,
      delay = 100,
      jitter = 50,
      retryOn = {Unavailable.class, TimeoutException.class})
  @CircuitBreaker(
      requestVolumeThreshold = 20,
      failureRatio = 0.5,
      delay = 5,
      delayUnit = ChronoUnit.SECONDS,
      successThreshold = 2,
      failOn = {Unavailable.class, TimeoutException.class})
  public Uni<Outcome> charge(ChargeBody body) {
    return web.post(path("/v1/charges"))
        .bearerTokenAuthentication(token.bearer())
        .putHeader("content-type", "application/json")
        .sendBuffer(io.vertx.mutiny.core.buffer.Buffer.buffer(json(body)))
        .onFailure()
        .transform(e -> new Unavailable("payment-service: " + e.getClass().getSimpleName()))
        .map(PaymentClient::outcome);
  }

  /**
   * Asks payment-service's x402 facilitator to verify a payment (read-only, so retried like a
   * charge). Its answer in x402's words ({@code isValid}, {@code invalidReason}).
   */
  @Timeout(value = 5, unit = ChronoUnit.SECONDS)
  @Retry(
      maxRetries = 2,
      delay = 100,
      jitter = 50,
      retryOn = {Unavailable.class, TimeoutException.class})
  public Uni<JsonNode> x402Verify(JsonNode body) {
    return x402("/v1/x402/verify", body);
  }

  /**
   * Asks the facilitator to settle a payment: never retried, since a second settle of a payment the
   * first one moved is refused as a used nonce. It waits for the transfer to be mined.
   */
  @Timeout(value = 30, unit = ChronoUnit.SECONDS)
  public Uni<JsonNode> x402Settle(JsonNode body) {
    return x402("/v1/x402/settle", body);
  }

  /**
   * What payment-service knows of its settlement of {@code payer}'s authorization {@code nonce}:
   * {@code state}, {@code transaction}, {@code payTo}, {@code amount}; null when it made none.
   */
  @Timeout(value = 5, unit = ChronoUnit.SECONDS)
  @Retry(
      maxRetries = 2,
      delay = 100,
      jitter = 50,
      retryOn = {Unavailable.class, TimeoutException.class})
  public Uni<JsonNode> x402Settlement(String payer, String nonce) {
    return web.get(path("/v1/x402/settlements"))
        .addQueryParam("payer", payer)
        .addQueryParam("nonce", nonce)
        .bearerTokenAuthentication(token.bearer())
        .send()
        .onFailure()
        .transform(e -> new Unavailable("payment-service: " + e.getClass().getSimpleName()))
        .map(r -> r.statusCode() == 404 ? null : facilitated(r));
  }

  /**
   * A batch-settlement channel call ({@code begin}, {@code commit}, {@code abort}, {@code refund}
   * under /v1/x402/channels): never retried, each changes the channel (a deposit or refund waits
   * for its transaction); a 409 (the call holds the channel no more) is null.
   */
  @Timeout(value = 40, unit = ChronoUnit.SECONDS)
  public Uni<JsonNode> x402Channel(String op, JsonNode body) {
    return web.post(path("/v1/x402/channels/" + op))
        .bearerTokenAuthentication(token.bearer())
        .putHeader("content-type", "application/json")
        .timeout(40_000)
        .sendBuffer(io.vertx.mutiny.core.buffer.Buffer.buffer(body.toString()))
        .onFailure()
        .transform(e -> new Unavailable("payment-service: " + e.getClass().getSimpleName()))
        .map(r -> r.statusCode() == 409 ? null : facilitated(r));
  }

  /**
   * The facilitator's {@code /supported} (its kinds, with batch-settlement's receiverAuthorizer).
   */
  @Timeout(value = 5, unit = ChronoUnit.SECONDS)
  public Uni<JsonNode> x402Supported() {
    return web.get(path("/v1/x402/supported"))
        .send()
        .onFailure()
        .transform(e -> new Unavailable("payment-service: " + e.getClass().getSimpleName()))
        .map(PaymentClient::facilitated);
  }

  private Uni<JsonNode> x402(String at, JsonNode body) {
    return web.post(path(at))
        .bearerTokenAuthentication(token.bearer())
        .putHeader("content-type", "application/json")
        .timeout(30_000)
        .sendBuffer(io.vertx.mutiny.core.buffer.Buffer.buffer(body.toString()))
        .onFailure()
        .transform(e -> new Unavailable("payment-service: " + e.getClass().getSimpleName()))
        .map(PaymentClient::facilitated);
  }

  /**
   * The facilitator's JSON answer; anything but a 200 is the gateway's problem, not the payer's.
   */
  private static JsonNode facilitated(HttpResponse<io.vertx.mutiny.core.buffer.Buffer> r) {
    if (r.statusCode() != 200) {
      throw new Unavailable("payment-service's facilitator answered " + r.statusCode());
    }
    try {
      return EventCodec.JSON.readTree(r.bodyAsString());
    } catch (java.io.IOException e) {
      throw new Unavailable("payment-service's facilitator answered no JSON");
    }
  }

  private String path(String p) {
    String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/$", "");
    return prefix + p;
  }

  private static Outcome outcome(HttpResponse<io.vertx.mutiny.core.buffer.Buffer> r) {
    int s = r.statusCode();
    if (s >= 500) {
      throw new Unavailable("payment-service answered " + s);
    }
    JsonNode body;
    try {
      body = EventCodec.JSON.readTree(r.body() == null ? "{}" : r.bodyAsString());
    } catch (java.io.IOException e) {
      throw new Unavailable("payment-service answered no JSON");
    }
    if (s == 200 || s == 201) {
      return new Charged(
          body.path("chargeId").asText(),
          body.path("channelId").asText(),
          new BigInteger(body.path("amount").asText("0")),
          body.path("feature").asText(),
          "released".equals(body.path("state").asText()));
      // a 200 is the answer to this attempt's own retry (its charge committed, the answer was lost)
    }
    return new Refused(s, body);
  }

  private static String json(ChargeBody b) {
    return new JsonObject()
        .put("requestId", b.requestId())
        .put("channelId", b.channelId())
        .put("cumulativeAmount", b.cumulativeAmount())
        .put("signature", b.signature())
        .put("modelId", b.modelId())
        .put("feature", b.feature())
        .put("caller", b.caller())
        .put("maxPrice", b.maxPrice())
        .encode();
  }
}
