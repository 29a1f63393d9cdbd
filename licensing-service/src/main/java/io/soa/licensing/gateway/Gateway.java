package io.soa.licensing.gateway;

import io.smallrye.mutiny.Uni;
import io.soa.licensing.entitlement.Licence;
import io.soa.licensing.entitlement.ModelContext;
import io.soa.licensing.gateway.client.Forwarder;
import io.soa.platform.error.Conflict;
import io.soa.platform.error.DomainException;
import io.soa.platform.error.Gone;
import io.soa.platform.error.NotFound;
import io.soa.platform.types.Bytes32;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The access gateway (DESIGN §6): a call is forwarded only when the caller holds a licence of the
 * model whose tier covers the feature, not expired, with a call left (taken atomically before the
 * call), or sends a voucher that payment-service charges the feature's on-chain price to; otherwise
 * the answer is a 402 saying how to pay. One call, one payment: a request id names one call (its
 * model, feature and body); an answered call is never forwarded or paid again, one in flight runs
 * once, and a failed one may be paid again as a new attempt. When the model fails (a 5xx, no
 * answer) the caller gets 502/504 and the attempt's payment is given back (the quota, or the charge
 * released as credit). Every decision is an event on soa.licensing.access.v1, committed with the
 * end of the attempt before the caller gets the answer.
 */
@ApplicationScoped
public class Gateway {
  /** What the caller gets: the model's answer, and the gateway's headers beside it. */
  public record Result(Forwarder.Answer answer, Map<String, String> headers) {}

  private final ReadCache reads;
  private final AccessCommits commits;
  private final Forwarder forwarder;
  private final VoucherPath vouchers;
  private final HowToPay howToPay;
  private final AccessMetrics metrics;
  private final CallAttempts attempts;
  private final ExactPath exact;
  private final BatchPath batch;
  private final AccessDecisions decisions;

  public Gateway(
      ReadCache reads,
      AccessCommits commits,
      Forwarder forwarder,
      VoucherPath vouchers,
      HowToPay howToPay,
      AccessMetrics metrics,
      CallAttempts attempts,
      ExactPath exact,
      BatchPath batch,
      AccessDecisions decisions) {
    this.batch = batch;
    this.attempts = attempts;
    this.exact = exact;
    this.decisions = decisions;
    this.reads = reads;
    this.commits = commits;
    this.forwarder = forwarder;
    this.vouchers = vouchers;
    this.howToPay = howToPay;
    this.metrics = metrics;
  }

  public Uni<Result> invoke(Call call) {
    long started = System.nanoTime();
    Uni<ModelContext> model = reads.model(call.modelId());
    Uni<List<Licence>> licences =
        call.voucher() == null && call.payment() == null && call.caller() != null
            ? reads.licences(call.caller(), call.modelId(), false)
            : Uni.createFrom().item(List.of());
    return Uni.combine()
        .all()
        .unis(model, licences)
        .asTuple()
        .flatMap(
            t -> {
              ModelContext m = t.getItem1();
              if (m.catalogId() == null) {
                return decisions.deny(
                    call, "none", new NotFound("model", call.modelId().toString()));
              }
              if (!m.listed()) {
                return decisions.deny(
                    call, "none", new Gone("model-delisted", "the model is delisted"));
              }
              if (!m.features().isEmpty() && !m.features().contains(call.feature())) {
                return decisions.deny(
                    call, "none", new NotFound("feature", call.feature() + " of this model"));
              }
              if (call.caller() == null) { // neither signed in nor named by an x402 payment
                return anonymous(call, m);
              }
              if (call.payment() != null && X402Offers.batch(call.payment())) {
                return batchCall(call, m, started);
              }
              return attempts
                  .begin(call)
                  .onFailure(DomainException.class)
                  .recoverWithUni(e -> decisions.deny(call, "none", (DomainException) e))
                  .flatMap(
                      c -> {
                        if (c.payment() != null) {
                          return exact
                              .verify(c, m)
                              .onFailure(DomainException.class)
                              .recoverWithUni(
                                  e ->
                                      decisions.<ExactPath.Verified>deny(
                                          c, "x402", (DomainException) e))
                              .flatMap(paid -> forward(c, m, started, "x402", null, null, paid));
                        }
                        if (c.voucher() != null) {
                          return vouchers
                              .charge(c, m)
                              .onFailure(DomainException.class)
                              .recoverWithUni(
                                  e ->
                                      decisions.<VoucherPath.Charge>deny(
                                          c, "voucher", (DomainException) e))
                              .flatMap(
                                  charge -> forward(c, m, started, "voucher", null, charge, null));
                        }
                        return licencePath(c, m, t.getItem2(), started, false);
                      });
            });
  }

  /**
   * A call paid from an x402 channel: its voucher is checked against the channel first (one out of
   * step gets the corrective 402, whatever the call's id), then the call begins as any other.
   */
  private Uni<Result> batchCall(Call call, ModelContext m, long started) {
    return batch
        .begin(call, m)
        .onFailure(DomainException.class)
        .recoverWithUni(e -> decisions.<ExactPath.Verified>deny(call, "x402", (DomainException) e))
        .flatMap(
            held ->
                attempts
                    .begin(call)
                    .onFailure()
                    .call(e -> batch.abort(call))
                    .onFailure(DomainException.class)
                    .recoverWithUni(e -> decisions.deny(call, "x402", (DomainException) e))
                    .flatMap(
                        c ->
                            BatchPath.charged(held) && c.attempt() <= 1
                                // its call is forgotten (answered over a day ago): not again
                                ? decisions.<Result>deny(
                                    c,
                                    "x402",
                                    new Conflict(
                                        "x402-voucher-used",
                                        "Voucher used",
                                        "this voucher paid an earlier call: sign the next one",
                                        List.of()))
                                : forward(c, m, started, "x402", null, null, held)));
  }

  private Uni<Result> licencePath(
      Call call, ModelContext m, List<Licence> all, long started, boolean fresh) {
    String key = Bytes32.featureKey(call.feature());
    long now = Instant.now().getEpochSecond();
    List<Licence> covering = all.stream().filter(l -> l.covers(key)).toList();
    List<Licence> usable =
        covering.stream()
            .filter(l -> !l.expired(now) && !l.exhausted() && !l.listed())
            .sorted( // the one that runs out first is used first
                Comparator.comparingLong(
                        (Licence l) -> l.expiresAt() == 0 ? Long.MAX_VALUE : l.expiresAt())
                    .thenComparing(Licence::licenseId))
            .toList();
    if (usable.isEmpty() && !fresh) { // refuse only on what the database says now
      return reads
          .licences(call.caller(), call.modelId(), true)
          .flatMap(ls -> licencePath(call, m, ls, started, true));
    }
    if (usable.isEmpty()) {
      return refuse(call, m, all, covering, now);
    }
    return takeFirst(call, usable, 0)
        .flatMap(
            taken -> {
              if (taken == null && !fresh) {
                return reads
                    .licences(call.caller(), call.modelId(), true)
                    .flatMap(ls -> licencePath(call, m, ls, started, true));
              }
              if (taken == null) { // another caller took the last call
                return refuse(call, m, all, List.of(), now);
              }
              return forward(call, m, started, "licence", taken, null, null);
            });
  }

  /**
   * A call by no one: not signed in, and no x402 payment naming a payer. It is told how to pay (an
   * x402 client starts here); no caller, so no decision is recorded.
   */
  private Uni<Result> anonymous(Call call, ModelContext m) {
    boolean paid = call.payment() != null;
    String code = paid ? "x402-payment-invalid" : "no-entitlement";
    metrics.denied(paid ? "x402" : "none", code);
    return howToPay
        .refusal(
            m,
            call,
            code,
            paid
                ? "PAYMENT-SIGNATURE is not an x402 payment naming a payer and a nonce"
                : "not signed in: sign in (POST /v1/auth/siwe) to use a licence or a voucher, or"
                    + " pay this call with x402 (PAYMENT-SIGNATURE, see PAYMENT-REQUIRED)",
            paid ? "invalid_payload" : "Payment required")
        .flatMap(p -> Uni.createFrom().failure(p));
  }

  /** No licence lets the call through: why, with how to pay. */
  private Uni<Result> refuse(
      Call call, ModelContext m, List<Licence> all, List<Licence> covering, long now) {
    LicenceRefusal why = LicenceRefusal.of(call.feature(), all, covering, now);
    return howToPay
        .refusal(m, call, why.code(), why.detail())
        .flatMap(p -> decisions.deny(call, "licence", p));
  }

  /** A licence taken for one call, and the calls it has left after. */
  record Taken(Licence licence, Long callsLeft) {}

  /** Takes a call of the first licence that still has one (another caller may take the last). */
  private Uni<Taken> takeFirst(Call call, List<Licence> usable, int i) {
    if (i == usable.size()) {
      return Uni.createFrom().nullItem();
    }
    Licence l = usable.get(i);
    return commits
        .take(l.licenseId(), call.caller())
        .flatMap(
            used ->
                used.isPresent()
                    ? Uni.createFrom()
                        .item(
                            new Taken(
                                l,
                                l.callQuota() == 0
                                    ? null
                                    : Math.max(0, l.callQuota() - used.get())))
                    : takeFirst(call, usable, i + 1));
  }

  private Uni<Result> forward(
      Call call,
      ModelContext m,
      long started,
      String path,
      Taken licence,
      VoucherPath.Charge charge,
      ExactPath.Verified paid) {
    Map<String, String> ours = new LinkedHashMap<>();
    ours.put("SOA-Request-Id", call.requestId());
    ours.put("SOA-Access", path);
    Map<String, String> upstream = new LinkedHashMap<>();
    upstream.put("soa-caller", call.caller());
    upstream.put("soa-request-id", call.requestId());
    upstream.put("soa-model", call.modelId().toString());
    upstream.put("soa-feature", call.feature());
    upstream.put("soa-access", path);
    if (licence != null) {
      ours.put("SOA-License-Id", licence.licence().licenseId().toString());
      if (licence.callsLeft() != null) {
        ours.put("SOA-Calls-Left", licence.callsLeft().toString());
      }
    } else if (charge != null) {
      ours.put("SOA-Charge-Id", charge.chargeId());
      ours.put("SOA-Charged", charge.amount().toString());
    }
    // the model's answer is served from the gateway's origin: never as a page of it
    ours.put("X-Content-Type-Options", "nosniff");
    ours.put("Content-Security-Policy", "sandbox; default-src 'none'");
    AccessDecisions.Attempt a =
        new AccessDecisions.Attempt(
            call, path, licence, charge, paid, started, System.nanoTime(), ours);
    return forwarder
        .forward(m.endpointUrl(), call.feature(), call.headers(), upstream, call.body())
        .onItemOrFailure()
        .transformToUni(
            (answer, failure) -> {
              long done = System.nanoTime();
              metrics.upstream(
                  answer != null ? answer.status() : AccessDecisions.modelStatus(failure),
                  failure,
                  done - a.sent());
              boolean channel = paid != null && X402Offers.batch(paid.payload());
              if (paid == null || answer == null) { // x402 pays only for an answered call
                return (channel ? batch.abort(call) : Uni.createFrom().voidItem())
                    .chain(() -> decisions.decided(a, answer, failure, null, done));
              }
              return (channel ? batch.commit(call, paid) : exact.settle(call, m, paid))
                  .onFailure(DomainException.class)
                  .recoverWithUni(
                      e -> {
                        answer.body().subscribe().with(b -> {}, x -> {}); // unpaid: not served
                        return decisions.deny(call, "x402", (DomainException) e);
                      })
                  .flatMap(
                      s -> {
                        ours.put(
                            X402V1.isV1(call.payment()) ? X402V1.RESPONSE : X402Offers.RESPONSE,
                            s.header());
                        // a channel's call is paid by its voucher (its request id names the
                        // channel and cumulative amount): no transfer of its own to name
                        String tx = channel || s.transaction().isEmpty() ? null : s.transaction();
                        return decisions.decided(a, answer, null, tx, done);
                      });
            });
  }
}
