package io.soa.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * The suite's public APIs for a payer: sign in with Ethereum, read a model's offers and one's
 * licences, and call a model's feature, paid by a licence when one covers it, else by x402. Any
 * deployment: its services' URLs are given ({@link Urls}), not assumed.
 */
public final class SoaClient {
  /** Where a deployment's services answer (the gateway is licensing-service). */
  public record Urls(String gateway, String payments, String catalog) {
    /** The local stack of {@code ./soa up}. */
    public static Urls local() {
      return new Urls("http://127.0.0.1:8082", "http://127.0.0.1:8083", "http://127.0.0.1:8081");
    }
  }

  /** A call's answer: the model's status and body, how it was paid, and its request id. */
  public record Call(
      int status, byte[] body, String access, String requestId, X402Client.Payment payment) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final Urls urls;
  private final Http http;

  public SoaClient(Urls urls) {
    this(urls, RequestListener.NONE);
  }

  /** With {@code listener} hearing every request (for metrics). */
  public SoaClient(Urls urls, RequestListener listener) {
    this.urls = urls;
    this.http = new Http(Duration.ofSeconds(30), listener);
  }

  /** Signs in with Ethereum (EIP-4361): the bearer token of {@code who} (valid for an hour). */
  public String signIn(Wallet who) {
    JsonNode n = http.json("POST", urls.gateway() + "/v1/auth/nonce", null, null);
    String message =
        n.path("domain").asText()
            + " wants you to sign in with your Ethereum account:\n"
            + Keys.toChecksumAddress(who.address())
            + "\n\nSign in to call models.\n\nURI: "
            + n.path("uri").asText()
            + "\nVersion: 1\nChain ID: "
            + n.path("chainId").asLong()
            + "\nNonce: "
            + n.path("nonce").asText()
            + "\nIssued At: "
            + Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Sign.SignatureData s =
        Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8), who.keys());
    byte[] sig = new byte[65];
    System.arraycopy(s.getR(), 0, sig, 0, 32);
    System.arraycopy(s.getS(), 0, sig, 32, 32);
    sig[64] = s.getV()[0];
    return http.json(
            "POST",
            urls.gateway() + "/v1/auth/siwe",
            null,
            Map.of("message", message, "signature", Numeric.toHexString(sig)))
        .path("token")
        .asText();
  }

  /** A model's offers: prices per feature and the tiers on sale. */
  public JsonNode offers(String modelId) {
    return http.json("GET", urls.gateway() + "/v1/models/" + modelId + "/offers", null, null);
  }

  /** The licences of {@code holder}. */
  public JsonNode licences(String holder) {
    return http.json("GET", urls.gateway() + "/v1/entitlements?holder=" + holder, null, null);
  }

  /**
   * The token the deployment's x402 offers are in ($SOA), from its x402 discovery listing; the
   * deployment is the one the caller chose to pay, and the cap still bounds every amount.
   */
  public String x402Asset() {
    JsonNode d =
        http.json("GET", urls.gateway() + "/v1/x402/discovery/resources?limit=1", null, null);
    for (JsonNode item : d.path("items")) {
      for (JsonNode offer : item.path("accepts")) {
        if (offer.path("asset").asText().matches("^0x[0-9a-fA-F]{40}$")) {
          return offer.path("asset").asText();
        }
      }
    }
    throw new SoaException(
        404,
        "no-x402-offers",
        "the deployment lists no x402 offer: give the token with --asset",
        d);
  }

  /** What {@code owner}'s models earned, per model and feature. */
  public JsonNode earnings(String owner) {
    return http.json("GET", urls.payments() + "/v1/earnings?owner=" + owner, null, null);
  }

  /**
   * Calls {@code feature} of model {@code modelId} with {@code body} (JSON): on the licence of the
   * signed-in caller ({@code token}, may be null) when one covers it, else paid with {@code x402}
   * (may be null: then a call no licence covers is refused with how to pay).
   */
  public Call call(String modelId, String feature, byte[] body, String token, X402Client x402) {
    String url = urls.gateway() + "/v1/models/" + modelId + "/features/" + feature + "/invoke";
    Map<String, String> h = new HashMap<>();
    h.put("Content-Type", "application/json");
    String requestId = UUID.randomUUID().toString();
    h.put("SOA-Request-Id", requestId); // the same id sent again is the same call
    Http.Answer first;
    if (token != null) {
      Map<String, String> signedIn = new HashMap<>(h);
      signedIn.put("Authorization", "Bearer " + token);
      first = http.send("POST", url, signedIn, body);
    } else {
      first = http.send("POST", url, h, body);
    }
    if (first.status() != 402 || x402 == null) {
      String named = first.header("SOA-Request-Id");
      return answered(first, named != null ? named : requestId, null);
    }
    // the 402 offers the call whoever asked: paid with x402 without the token, whose payment's
    // nonce names the call (not sent unpaid again)
    h.remove("SOA-Request-Id");
    X402Client.Response r = x402.payFor(first, "POST", url, h, body);
    return answered(
        new Http.Answer(r.status(), r.headers(), r.body()),
        r.header("SOA-Request-Id"),
        r.payment());
  }

  /**
   * Calls {@code feature} of model {@code modelId}, signed in ({@code token}): on the caller's
   * licence when one covers it, else paid from a channel by a voucher for the feature's price
   * ({@code SOA-Max-Price} is that price, so a price raised meanwhile is refused, never charged).
   * Sent again with the same request id and voucher while the gateway is unavailable; a call the
   * model failed is not paid, and its amount stays credit on the channel.
   */
  public Call callFromChannel(
      String modelId, String feature, byte[] body, String token, Channels.Payer channel) {
    BigInteger price = price(modelId, feature);
    String voucher = channel.next(price);
    String url = urls.gateway() + "/v1/models/" + modelId + "/features/" + feature + "/invoke";
    Map<String, String> h = new HashMap<>();
    h.put("Content-Type", "application/json");
    h.put("Authorization", "Bearer " + token);
    h.put("SOA-Request-Id", UUID.randomUUID().toString());
    h.put("SOA-Voucher", voucher);
    h.put("SOA-Max-Price", price.toString());
    Http.Answer a = null;
    try {
      for (int attempt = 0; attempt < 240; attempt++) { // up to two minutes
        a = http.send("POST", url, h, body);
        if (a.status() != 503 && !Http.inProgress(a)) {
          break;
        }
        Http.pause();
      }
    } finally {
      boolean paid = a != null && a.ok() && "voucher".equals(a.header("SOA-Access"));
      channel.done(price, paid || (a == null || a.status() == 503));
    }
    return answered(a, h.get("SOA-Request-Id"), null);
  }

  /** The price per call of {@code feature} of model {@code modelId}, from its offers. */
  public BigInteger price(String modelId, String feature) {
    for (JsonNode f : offers(modelId).path("features")) {
      if (f.path("feature").asText().equals(feature) && f.path("pricePerCall").isTextual()) {
        return new BigInteger(f.path("pricePerCall").asText());
      }
    }
    throw new SoaException(
        404,
        "feature-not-priced",
        feature + " of model " + modelId + " is not sold per call: buy a licence",
        null);
  }

  private static Call answered(Http.Answer a, String requestId, X402Client.Payment payment) {
    if (!a.ok()) {
      throw SoaException.of(a.status(), a.json(), "the call answered " + a.status());
    }
    return new Call(a.status(), a.body(), a.header("SOA-Access"), requestId, payment);
  }
}
