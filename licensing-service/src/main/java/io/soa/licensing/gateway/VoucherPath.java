package io.soa.licensing.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.soa.licensing.entitlement.ModelContext;
import io.soa.licensing.gateway.client.PaymentClient;
import io.soa.platform.error.Invalid;
import io.soa.platform.error.UpstreamFailure;
import io.soa.platform.problem.Problem;
import io.soa.platform.problem.ProblemException;
import io.soa.platform.types.Bytes32;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Pay-per-use at the gateway: the voucher of {@code SOA-Voucher} is charged the feature's on-chain
 * price at payment-service (the one place a price is checked: a feature without one is a 402 {@code
 * not-sold-per-call} with how else to pay), never more than the caller's {@code SOA-Max-Price},
 * keyed by the caller, the request id and the attempt (the gateway's {@code access_call} lets one
 * attempt of a call run at a time). payment-service checks that the caller is the channel's payer
 * or signer, the signature, the channel and the coverage; its refusals reach the caller as they
 * are. The charge of a call the model failed is released by payment-service when it reads the
 * decision's {@code AccessGranted} (refunded, with the charge id) from this service's outbox: no
 * second queue here.
 */
@ApplicationScoped
public class VoucherPath {
  /** A charge payment-service accepted for one call. */
  public record Charge(String chargeId, String channelId, BigInteger amount) {}

  private final PaymentClient payments;
  private final HowToPay howToPay;

  public VoucherPath(PaymentClient payments, HowToPay howToPay) {
    this.payments = payments;
    this.howToPay = howToPay;
  }

  Uni<Charge> charge(Call call, ModelContext m) {
    Voucher v =
        Voucher.parse(call.voucher())
            .orElseThrow(
                () ->
                    Invalid.field(
                        "SOA-Voucher",
                        "must be <channelId>:<cumulativeAmount>:<signature> (decimal, decimal,"
                            + " 0x + 130 hex digits)"));
    String key = Bytes32.featureKey(call.feature());
    // one charge per attempt of the call: a new attempt after a failed one is charged anew, and the
    // payment client's own retries of this attempt are answered with this attempt's charge
    String chargeKey = call.caller() + ":" + call.requestId() + ":" + call.attempt();
    return payments
        .charge(
            new PaymentClient.ChargeBody(
                chargeKey,
                v.channelId(),
                v.cumulativeAmount(),
                v.signature(),
                m.modelId().toString(),
                key,
                call.caller(),
                call.maxPrice().toString()))
        .onFailure()
        .transform(
            e ->
                e instanceof CircuitBreakerOpenException
                    ? new UpstreamFailure(
                        503,
                        "payment-unavailable",
                        "payment-service is failing; vouchers are not taken for a few seconds")
                    : new UpstreamFailure(
                        503, "payment-unavailable", "payment-service did not answer in time"))
        .flatMap(
            outcome ->
                switch (outcome) {
                  // the price is checked in one place, payment-service; its answer that the
                  // feature has none is told the caller as a 402 saying how else to pay
                  case PaymentClient.Refused r when notPriced(r) ->
                      howToPay
                          .refusal(
                              m,
                              call,
                              "not-sold-per-call",
                              call.feature() + " has no price per call on-chain: buy a licence")
                          .flatMap(p -> Uni.createFrom().<Charge>failure(p));
                  case PaymentClient.Refused r -> Uni.createFrom().<Charge>failure(refusal(r));
                  case PaymentClient.Charged c -> {
                    if (!c.channelId().equals(v.channelId()) || !c.feature().equals(key)) {
                      throw new io.soa.platform.error.Conflict(
                          "request-id-reused",
                          "Request id reused",
                          "this request id was charged to another call: send a new SOA-Request-Id",
                          List.of());
                    }
                    if (c.released()) { // never for a live attempt: its charge is released after it
                      throw new UpstreamFailure(
                          503, "payment-unavailable", "this attempt's charge was already released");
                    }
                    yield Uni.createFrom()
                        .item(new Charge(c.chargeId(), c.channelId(), c.amount()));
                  }
                });
  }

  private static boolean notPriced(PaymentClient.Refused r) {
    return r.status() == 404 && r.problem().path("type").asText("").endsWith("#feature-not-priced");
  }

  /** payment-service's refusal, as the caller's answer (its status, type and amounts). */
  private static RuntimeException refusal(PaymentClient.Refused r) {
    JsonNode p = r.problem();
    String type = p.path("type").asText("/problems#voucher-refused");
    String slug = type.substring(type.indexOf('#') + 1);
    String detail = p.path("detail").asText("payment-service refused the voucher");
    if (r.status() == 402) {
      Map<String, String> amounts = new LinkedHashMap<>();
      p.path("amounts")
          .fields()
          .forEachRemaining(e -> amounts.put(e.getKey(), e.getValue().asText()));
      return new io.soa.platform.error.PaymentRequired(slug, detail, amounts);
    }
    int status = r.status() >= 400 && r.status() < 500 ? r.status() : 502;
    return new ProblemException(
        Problem.of(status, slug, p.path("title").asText("Voucher refused"), detail, List.of()));
  }
}
