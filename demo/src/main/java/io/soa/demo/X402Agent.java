package io.soa.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.soa.contracts.TransferAuthorizations;
import io.soa.contracts.TransferAuthorizations.Authorization;
import io.soa.contracts.generated.ModelPayees;
import io.soa.events.EventCodec;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * A caller paying per call with x402 v2 ({@code exact}), as an AI agent's x402 client does: no
 * sign-in and no channel. Each call is sent, answered 402 with PAYMENT-REQUIRED, paid with an
 * ERC-3009 authorization for the offer it names (signed here as x402's exact client signs it) in
 * PAYMENT-SIGNATURE, and answered with PAYMENT-RESPONSE. The official client does the same in the
 * e2e tests.
 */
final class X402Agent {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Api api;
  private final Consumer<Hooks.Call> onCall;

  X402Agent(Api api, Consumer<Hooks.Call> onCall) {
    this.api = api;
    this.onCall = onCall;
  }

  /** {@code n} calls of {@code url}, each paid by {@code payer} with x402; what they paid. */
  BigInteger pay(String url, Credentials payer, int n) {
    BigInteger total = BigInteger.ZERO;
    for (int i = 0; i < n; i++) {
      total = total.add(call(url, payer, "{\"text\": \"Paid with x402.\"}").amount());
    }
    return total;
  }

  /**
   * Anyone releases the model's payee: what it holds goes to whoever owns the model now, less the
   * fee; the sentence that says so.
   */
  static String release(ModelPayees payees, BigInteger model) throws Exception {
    var r = ModelPayees.getPayeeReleasedEvents(payees.release(model).send()).get(0);
    return String.format(
        "the model's payee released what x402 paid: %s $SOA to its owner now, %s, and %s $SOA fee"
            + " to the treasury",
        Demo.soa(r.paid), r.owner, Demo.soa(r.fee));
  }

  /** A paid call's settlement: the transfer and what it moved. */
  record Paid(String transaction, BigInteger amount, String payTo) {}

  /** One call of {@code url} paid by {@code payer}; fails unless the model answered and it paid. */
  Paid call(String url, Credentials payer, String body) {
    Api.Answer offered = api.post(url, null, body, Map.of()); // a story cut here starts again
    String required = offered.header("PAYMENT-REQUIRED");
    if (offered.status() != 402 || required == null) {
      throw new IllegalStateException(url + ": no x402 offer (" + offered.status() + ")");
    }
    JsonNode offer = X402Headers.decode(required).at("/accepts/0");
    long now = Instant.now().getEpochSecond();
    byte[] nonce = new byte[32];
    RANDOM.nextBytes(nonce);
    Authorization a =
        new Authorization(
            payer.getAddress().toLowerCase(java.util.Locale.ROOT),
            offer.path("payTo").asText(),
            new BigInteger(offer.path("amount").asText()),
            BigInteger.valueOf(now - 60),
            BigInteger.valueOf(now + offer.path("maxTimeoutSeconds").asLong(60)),
            nonce);
    byte[] signature =
        new TransferAuthorizations(
                offer.at("/extra/name").asText(),
                offer.at("/extra/version").asText(),
                Long.parseLong(offer.path("network").asText().substring("eip155:".length())),
                offer.path("asset").asText())
            .sign(a, payer.getEcKeyPair());
    ObjectNode payment = EventCodec.JSON.createObjectNode().put("x402Version", 2);
    payment.set("accepted", offer);
    ObjectNode payload = payment.putObject("payload");
    payload.put("signature", Numeric.toHexString(signature));
    payload
        .putObject("authorization")
        .put("from", a.from())
        .put("to", a.to())
        .put("value", a.value().toString())
        .put("validAfter", a.validAfter().toString())
        .put("validBefore", a.validBefore().toString())
        .put("nonce", Numeric.toHexString(nonce));
    String header = X402Headers.encode(payment);
    Api.Answer paid = send(url, payer, body, header, "x402:" + Numeric.toHexString(nonce));
    if (answered(paid)) { // answered before, its answer lost: paid once, and that was the call
      return new Paid("", a.value(), a.to());
    }
    String response = paid.header("PAYMENT-RESPONSE");
    if (paid.status() != 200 || response == null) {
      throw new IllegalStateException(url + ": x402 payment not taken (" + paid.status() + ")");
    }
    JsonNode settled = X402Headers.decode(response);
    return new Paid(settled.path("transaction").asText(), a.value(), a.to());
  }

  /**
   * Sends the paid call, and the same payment again while there is no answer, a 503 or 409
   * request-in-progress (a gateway restarting, or its cut-off attempt not yet taken over), for up
   * to two minutes, as a client should: the same payment is the same call, paid at most once.
   */
  private Api.Answer send(
      String url, Credentials payer, String body, String header, String requestId) {
    long deadline = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
    Api.Answer a = null;
    RuntimeException unanswered = null;
    while (System.nanoTime() < deadline) {
      try {
        a = api.post(url, null, body, Map.of("PAYMENT-SIGNATURE", header));
        unanswered = null;
        if (a.status() != 503 && !(a.status() == 409 && !answered(a))) {
          break;
        }
      } catch (IllegalStateException e) {
        unanswered = e;
      }
      X402Headers.pause();
    }
    onCall.accept(
        new Hooks.Call(
            payer.getAddress().toLowerCase(java.util.Locale.ROOT),
            requestId,
            url.replaceAll(".*/features/([^/]+)/invoke$", "$1"),
            false,
            unanswered != null || a == null ? 0 : a.status(),
            a == null || a.json() == null ? null : a.json().path("type").asText(null)));
    if (unanswered != null || a == null) {
      throw unanswered != null ? unanswered : new IllegalStateException(url + ": no answer");
    }
    return a;
  }

  private static boolean answered(Api.Answer a) {
    return a.status() == 409
        && a.json() != null
        && a.json().path("type").asText().endsWith("#request-already-answered");
  }
}
