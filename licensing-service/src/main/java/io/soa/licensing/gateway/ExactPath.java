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
  /** A payment the facilitator found valid for this call, and what it pays. */
  public record Verified(ObjectNode requirements, JsonNode payload, BigInteger amount) {}

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

  Uni<Verified> verify(Gateway.Call call, ModelContext m) {
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
    return payments
        .x402Verify(body(call.payment(), required))
        .onFailure()
        .transform(
            e ->
                new UpstreamFailure(
                    503, "payment-unavailable", "payment-service did not verify the payment now"))
        .flatMap(
            v ->
                v.path("isValid").asBoolean()
                    ? Uni.createFrom()
                        .item(
                            new Verified(
                                required,
                                call.payment(),
                                new BigInteger(required.path("amount").asText())))
                    : refuse(
                        m,
                        call,
                        "x402-payment-invalid",
                        "the x402 payment does not pay for this call: "
                            + v.path("invalidReason").asText("invalid"),
                        v.path("invalidReason").asText("invalid")));
  }

  /**
   * Settles a verified payment once the model answered. Not retried: a second settle of a payment
   * the first one moved would be refused as a used nonce, so a lost answer is a 503.
   */
  Uni<Settled> settle(Gateway.Call call, ModelContext m, Verified v) {
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
            s ->
                s.path("success").asBoolean()
                    ? Uni.createFrom()
                        .item(new Settled(s.path("transaction").asText(), X402Offers.encode(s)))
                    : refuse(
                        m,
                        call,
                        "x402-settlement-failed",
                        "the x402 payment could not be settled: "
                            + s.path("errorReason").asText("failed"),
                        s.path("errorReason").asText("failed")));
  }

  private static ObjectNode body(JsonNode payload, ObjectNode required) {
    ObjectNode body = EventCodec.JSON.createObjectNode().put("x402Version", 2);
    body.set("paymentPayload", payload);
    body.set("paymentRequirements", required);
    return body;
  }

  private <T> Uni<T> refuse(
      ModelContext m, Gateway.Call call, String code, String detail, String x402Error) {
    return howToPay
        .refusal(m, call, code, detail, x402Error)
        .flatMap(p -> Uni.createFrom().<T>failure(p));
  }
}
