package io.soa.licensing.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.soa.events.EventCodec;
import io.soa.licensing.entitlement.ModelContext;
import io.soa.licensing.gateway.client.PaymentClient;
import io.soa.platform.error.Conflict;
import io.soa.platform.error.NotFound;
import io.soa.platform.error.PaymentRequired;
import io.soa.platform.error.UpstreamFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.List;

/**
 * x402 v2's {@code batch-settlement} scheme at the gateway: a call whose {@code PAYMENT-SIGNATURE}
 * is a channel's deposit or voucher. payment-service keeps the channels (the scheme's server
 * state): it checks the voucher is exactly what the channel was charged plus this call's price and
 * holds the channel for the call (a deposit is sent first), before the model is called; the
 * answered call is charged, a failed one lets the channel go uncharged. A voucher out of step with
 * the channel gets x402's corrective 402 (the channel's state and latest voucher), so a client that
 * lost its state resynchronises. A refund is a GET with a refund payload ({@link #refund}).
 */
@ApplicationScoped
public class BatchPath {
  private final PaymentClient payments;
  private final X402Offers offers;
  private final HowToPay howToPay;
  private final ReadCache reads;

  public BatchPath(PaymentClient payments, X402Offers offers, HowToPay howToPay, ReadCache reads) {
    this.reads = reads;
    this.payments = payments;
    this.offers = offers;
    this.howToPay = howToPay;
  }

  /** Checks the call's payment and holds its channel: what it pays, as the exact path's. */
  Uni<ExactPath.Verified> begin(Call call, ModelContext m) {
    return offers
        .authorizer()
        .flatMap(
            known -> {
              var offer = offers.batchOffer(m, call.feature());
              if (offer.isEmpty()) {
                return refuse(
                    m,
                    call,
                    "not-sold-per-call",
                    call.feature() + " is not sold per call from x402 channels here",
                    "invalid_payment_requirements",
                    null);
              }
              ObjectNode required = offer.get();
              ObjectNode body = body(call.payment(), required).put("requestId", call.requestId());
              return unavailable(payments.x402Channel("begin", body))
                  .flatMap(r -> held(call, m, required, r));
            });
  }

  /** A verified payment whose voucher already paid this call (an earlier attempt's charge). */
  static final String CHARGED = "charged";

  static boolean charged(ExactPath.Verified v) {
    return CHARGED.equals(v.settled());
  }

  private Uni<ExactPath.Verified> held(Call call, ModelContext m, ObjectNode required, JsonNode r) {
    BigInteger amount = new BigInteger(required.path("amount").asText());
    if (r.path("charged").asBoolean()) {
      return Uni.createFrom()
          .item(new ExactPath.Verified(required, call.payment(), amount, CHARGED));
    }
    if (r.path("ok").asBoolean()) {
      String deposit = r.path("transaction").asText(null);
      return Uni.createFrom()
          .item(new ExactPath.Verified(required, call.payment(), amount, deposit));
    }
    String reason = r.path("error").asText("invalid");
    if (reason.endsWith("_channel_busy")) {
      return Uni.createFrom()
          .failure(
              new Conflict(
                  "x402-channel-busy",
                  "Channel busy",
                  "another call of this x402 channel is under way: send this one when it is done",
                  List.of()));
    }
    return refuse(
        m,
        call,
        "x402-payment-invalid",
        "the x402 payment does not pay for this call: " + reason,
        reason,
        r.has("channelState") ? r : null);
  }

  /**
   * Charges the answered call: the {@code PAYMENT-RESPONSE} for the client (its charge and the
   * channel's state; a deposit's transaction when this call made one).
   */
  Uni<ExactPath.Settled> commit(Call call, ExactPath.Verified v) {
    if (charged(v)) { // paid by this call's earlier attempt: tell it, do not charge again
      ObjectNode s = EventCodec.JSON.createObjectNode().put("success", true);
      s.put("transaction", "")
          .put("network", v.requirements().path("network").asText())
          .put("payer", call.caller())
          .put("amount", "");
      ObjectNode extra = s.putObject("extra").put("chargedAmount", v.amount().toString());
      extra
          .putObject("channelState")
          .put("channelId", channel(call))
          .put(
              "chargedCumulativeAmount",
              call.payment().at("/payload/voucher/maxClaimableAmount").asText());
      return Uni.createFrom().item(new ExactPath.Settled("", X402Offers.encode(s)));
    }
    ObjectNode body =
        EventCodec.JSON
            .createObjectNode()
            .put("channelId", channel(call))
            .put("requestId", call.requestId())
            .put("amount", v.amount().toString())
            .put("network", v.requirements().path("network").asText());
    return unavailable(payments.x402Channel("commit", body))
        .map(
            r -> {
              if (r == null) {
                throw new UpstreamFailure(
                    503,
                    "payment-unavailable",
                    "the call's hold on its x402 channel ran out before it was charged");
              }
              ObjectNode s = (ObjectNode) r;
              String tx = v.settled() == null ? "" : v.settled();
              if (v.settled() != null) { // this call's deposit: x402 names it and what it put in
                s.put("transaction", tx)
                    .put("amount", v.payload().at("/payload/deposit/amount").asText());
              }
              return new ExactPath.Settled(tx, X402Offers.encode(s));
            });
  }

  /** Lets the channel go uncharged: the model failed. Never fails the caller's answer. */
  Uni<Void> abort(Call call) {
    ObjectNode body =
        EventCodec.JSON
            .createObjectNode()
            .put("channelId", channel(call))
            .put("requestId", call.requestId());
    return payments
        .x402Channel("abort", body)
        .replaceWithVoid()
        .onFailure()
        .recoverWithNull(); // the hold runs out by itself
  }

  /**
   * A cooperative refund ({@code payload.type} refund, sent with GET): payment-service claims what
   * was charged and returns the rest; x402's settle response (success false with the reason when
   * refused, or the corrective state when the client is out of step).
   */
  public Uni<JsonNode> refund(ModelContext m, String feature, JsonNode payment) {
    return offers
        .authorizer()
        .flatMap(
            known -> {
              var offer = offers.batchOffer(m, feature);
              if (offer.isEmpty()) {
                ObjectNode no = EventCodec.JSON.createObjectNode().put("success", false);
                return Uni.createFrom()
                    .item((JsonNode) no.put("errorReason", "invalid_payment_requirements"));
              }
              ObjectNode body =
                  body(payment, offer.get()).put("network", offer.get().path("network").asText());
              return unavailable(payments.x402Channel("refund", body));
            });
  }

  /**
   * A cooperative refund of the caller's x402 channel (a GET of the feature with a refund payload):
   * x402's settle response; refused, a 402 whose PAYMENT-RESPONSE says why (or, for a client out of
   * step with the channel, the corrective PAYMENT-REQUIRED without one).
   */
  public Uni<JsonNode> refund(Call call) {
    return reads
        .model(call.modelId())
        .flatMap(
            m -> {
              if (m.catalogId() == null) {
                throw new NotFound("model", call.modelId().toString());
              }
              return refund(m, call.feature(), call.payment())
                  .flatMap(
                      r -> {
                        if (r.path("success").asBoolean()) {
                          return Uni.createFrom().item(r);
                        }
                        String reason = r.path("errorReason").asText(r.path("error").asText());
                        boolean corrective = r.has("channelState");
                        return howToPay
                            .refusal(
                                m,
                                call,
                                "x402-payment-invalid",
                                "the x402 refund was not made: " + reason,
                                reason,
                                corrective ? r : null)
                            .map(
                                p -> {
                                  var headers = new java.util.HashMap<>(p.headers());
                                  if (!corrective) {
                                    headers.put(X402Offers.RESPONSE, X402Offers.encode(r));
                                  }
                                  return new PaymentRequired(
                                      p.code(), p.detail(), p.amounts(), p.howToPay(), headers);
                                })
                            .flatMap(p -> Uni.createFrom().failure(p));
                      });
            });
  }

  /** The batch-settlement offer for {@code feature}, to answer a refund's corrective 402. */
  public java.util.Optional<ObjectNode> offer(ModelContext m, String feature) {
    return offers.batchOffer(m, feature);
  }

  private static String channel(Call call) {
    return call.payment()
        .at("/payload/voucher/channelId")
        .asText()
        .toLowerCase(java.util.Locale.ROOT);
  }

  private static <T> Uni<T> unavailable(Uni<T> u) {
    return u.onFailure()
        .transform(
            e ->
                new UpstreamFailure(
                    503,
                    "payment-unavailable",
                    "payment-service did not take the x402 payment now"));
  }

  private static ObjectNode body(JsonNode payload, ObjectNode required) {
    ObjectNode body = EventCodec.JSON.createObjectNode().put("x402Version", 2);
    body.set("paymentPayload", payload);
    body.set("paymentRequirements", required);
    return body;
  }

  private <T> Uni<T> refuse(
      ModelContext m,
      Call call,
      String code,
      String detail,
      String x402Error,
      JsonNode correction) {
    return howToPay
        .refusal(m, call, code, detail, x402Error, correction)
        .flatMap(p -> Uni.createFrom().<T>failure(p));
  }
}
