package io.soa.licensing.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.soa.events.EventCodec;
import io.soa.licensing.entitlement.ModelContext;
import io.soa.licensing.gateway.client.PaymentClient;
import io.soa.platform.error.UpstreamFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;

/**
 * x402 v2's {@code exact} scheme at the gateway: a call that carries {@code PAYMENT-SIGNATURE} is
 * paid by the ERC-3009 authorization in it. payment-service, as facilitator, verifies it against
 * the gateway's own offer for the call ({@link X402Offers}: the feature's price, to the model's
 * payee) before the model is called, and settles it after the model answered; a call the model
 * failed is never settled, so the payer pays nothing. The authorization's nonce is the call's
 * request id: one payment names one call, answered once.
 */
@ApplicationScoped
public class ExactPath {
  /**
   * A payment the facilitator found valid for this call, and what it pays; {@code settled}: the
   * transfer that already paid it (an earlier attempt of this same call settled it and was cut off
   * before it answered), else null.
   */
  public record Verified(
      ObjectNode requirements, JsonNode payload, BigInteger amount, String settled) {}

  /** The transfer that paid a call, and the {@code PAYMENT-RESPONSE} header for the client. */
  public record Settled(String transaction, String header) {}

  private final PaymentClient payments;
  private final X402Offers offers;
  private final HowToPay howToPay;

  public ExactPath(PaymentClient payments, X402Offers offers, HowToPay howToPay) {
    this.payments = payments;
    this.offers = offers;
    this.howToPay = howToPay;
  }

  Uni<Verified> verify(Call call, ModelContext m) {
    var offer = offers.offer(m, call.feature());
    if (offer.isEmpty()) {
      return refuse(
          m,
          call,
          "not-sold-per-call",
          call.feature() + " has no price per call on-chain: buy a licence",
          "invalid_payment_requirements");
    }
    ObjectNode required = offer.get();
    JsonNode payload = X402V1.asV2(call.payment(), required, offers.chainId());
    return payments
        .x402Verify(body(payload, required))
        .onFailure()
        .transform(
            e ->
                new UpstreamFailure(
                    503, "payment-unavailable", "payment-service did not verify the payment now"))
        .flatMap(
            v -> {
              BigInteger amount = new BigInteger(required.path("amount").asText());
              if (v.path("isValid").asBoolean()) {
                return Uni.createFrom().item(new Verified(required, payload, amount, null));
              }
              String reason = v.path("invalidReason").asText("invalid");
              Uni<Verified> refused =
                  refuse(
                      m,
                      call,
                      "x402-payment-invalid",
                      "the x402 payment does not pay for this call: " + reason,
                      reason);
              // only a call with an earlier attempt can have been paid by it (a request id is
              // remembered a day: a replay after that has attempt 1 and is refused)
              return reason.equals("invalid_exact_evm_nonce_already_used") && call.attempt() > 1
                  ? settledBefore(call, required, amount)
                      .flatMap(s -> s == null ? refused : item(s))
                  : refused;
            });
  }

  /**
   * A payment whose nonce is spent may be this very call's, settled by an attempt that was cut off
   * before it answered (the call's request id is the nonce, and an answered call never gets here):
   * if payment-service settled exactly this payment for exactly this offer, the call is paid.
   * Whether it did is payment-service's to say: unknown now, the caller is told to try again.
   */
  private Uni<Verified> settledBefore(Call call, ObjectNode required, BigInteger amount) {
    JsonNode auth = call.payment().at("/payload/authorization");
    return payments
        .x402Settlement(auth.path("from").asText(), auth.path("nonce").asText())
        .onFailure()
        .transform(
            e ->
                new UpstreamFailure(
                    503, "payment-unavailable", "payment-service did not say how it was paid"))
        .map(
            s -> {
              if (s == null
                  || !s.path("payTo").asText().equals(required.path("payTo").asText())
                  || !s.path("amount").asText().equals(amount.toString())) {
                return null;
              }
              if (!s.path("state").asText().equals("confirmed")) {
                throw new UpstreamFailure(
                    503,
                    "payment-unavailable",
                    "this payment is being settled on chain: send the call again shortly");
              }
              return new Verified(
                  required,
                  X402V1.asV2(call.payment(), required, offers.chainId()),
                  amount,
                  s.path("transaction").asText());
            });
  }

  private static <T> Uni<T> item(T t) {
    return Uni.createFrom().item(t);
  }

  /**
   * Settles a verified payment once the model answered. Not retried: a second settle of a payment
   * the first one moved would be refused as a used nonce, so a lost answer is a 503.
   */
  Uni<Settled> settle(Call call, ModelContext m, Verified v) {
    if (v.settled() != null) { // paid by this call's earlier attempt: tell it, do not pay again
      ObjectNode s = EventCodec.JSON.createObjectNode().put("success", true);
      s.put("payer", call.caller())
          .put("transaction", v.settled())
          .put("network", v.requirements().path("network").asText())
          .put("amount", v.amount().toString());
      return item(new Settled(v.settled(), header(call, s)));
    }
    return payments
        .x402Settle(body(v.payload(), v.requirements()))
        .onFailure()
        .transform(
            e ->
                new UpstreamFailure(
                    503,
                    "payment-unavailable",
                    "payment-service did not answer the settlement; the payment may have been"
                        + " made: see the payer's $SOA transfers before paying again"))
        .flatMap(
            s -> {
              if (s.path("success").asBoolean()) {
                return item(new Settled(s.path("transaction").asText(), header(call, s)));
              }
              String reason = s.path("errorReason").asText("failed");
              if (reason.equals("settlement_pending")) {
                // sent, not mined yet: it may still pay, so it is not a refusal; the same
                // payment sent again is this call again, served once the transfer is mined
                throw new UpstreamFailure(
                    503,
                    "payment-unavailable",
                    "this payment is being settled on chain: send the same payment again shortly");
              }
              Uni<Settled> refused =
                  refuse(
                      m,
                      call,
                      "x402-settlement-failed",
                      "the x402 payment could not be settled: " + reason,
                      reason);
              // settled already by this call's earlier attempt, and not yet mined when verified
              return reason.equals("invalid_exact_evm_nonce_already_used") && call.attempt() > 1
                  ? settledBefore(call, v.requirements(), v.amount())
                      .flatMap(b -> b == null ? refused : settle(call, m, b))
                  : refused;
            });
  }

  /** The settlement response for the client, in its version's words (v1 names networks). */
  private String header(Call call, JsonNode settled) {
    if (!X402V1.isV1(call.payment())) {
      return X402Offers.encode(settled);
    }
    ObjectNode s = settled.deepCopy();
    return X402Offers.encode(s.put("network", X402V1.network(offers.chainId())));
  }

  private static ObjectNode body(JsonNode payload, ObjectNode required) {
    ObjectNode body = EventCodec.JSON.createObjectNode().put("x402Version", 2);
    body.set("paymentPayload", payload);
    body.set("paymentRequirements", required);
    return body;
  }

  private <T> Uni<T> refuse(
      ModelContext m, Call call, String code, String detail, String x402Error) {
    return howToPay
        .refusal(m, call, code, detail, x402Error)
        .flatMap(p -> Uni.createFrom().<T>failure(p));
  }
}
