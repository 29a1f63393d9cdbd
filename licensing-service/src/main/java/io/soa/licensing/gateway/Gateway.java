package io.soa.licensing.gateway;

import io.smallrye.mutiny.Uni;
import io.soa.events.licensing.AccessDenied;
import io.soa.events.licensing.AccessGranted;
import io.soa.licensing.entitlement.Licence;
import io.soa.licensing.entitlement.ModelContext;
import io.soa.licensing.gateway.client.Forwarder;
import io.soa.licensing.gateway.repository.CallStore;
import io.soa.platform.error.DomainException;
import io.soa.platform.error.Gone;
import io.soa.platform.error.NotFound;
import io.soa.platform.error.UpstreamFailure;
import io.soa.platform.outbox.Outbox;
import io.soa.platform.problem.ProblemMappers;
import io.soa.platform.types.Bytes32;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
  /**
   * A call to a feature of a model, by a signed-in caller: {@code bodyDigest} is the hex SHA-256 of
   * the body, {@code maxPrice} the most the caller agrees to pay per call by voucher (null on the
   * licence path), {@code attempt} the attempt of the call under way (0 before it began).
   */
  public record Call(
      String caller,
      BigInteger modelId,
      String feature,
      String requestId,
      String voucher,
      BigInteger maxPrice,
      String bodyDigest,
      MultiMap headers,
      Buffer body,
      int attempt) {

    /** The request id as the gateway keys it: one caller's ids never meet another's. */
    public String requestKey() {
      return caller + ":" + requestId;
    }

    /** What the request id is bound to: one feature of one model with one body. */
    public String fingerprint() {
      return modelId + ":" + feature + ":" + bodyDigest;
    }

    Call withAttempt(int n) {
      return new Call(
          caller, modelId, feature, requestId, voucher, maxPrice, bodyDigest, headers, body, n);
    }
  }

  /** What the caller gets: the model's answer, and the gateway's headers beside it. */
  public record Result(Forwarder.Answer answer, Map<String, String> headers) {}

  private final ReadCache reads;
  private final AccessCommits commits;
  private final Forwarder forwarder;
  private final VoucherPath vouchers;
  private final HowToPay howToPay;
  private final AccessMetrics metrics;
  private final CallAttempts attempts;

  public Gateway(
      ReadCache reads,
      AccessCommits commits,
      Forwarder forwarder,
      VoucherPath vouchers,
      HowToPay howToPay,
      AccessMetrics metrics,
      CallAttempts attempts) {
    this.attempts = attempts;
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
        call.voucher() == null
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
                return deny(call, "none", new NotFound("model", call.modelId().toString()));
              }
              if (!m.listed()) {
                return deny(call, "none", new Gone("model-delisted", "the model is delisted"));
              }
              if (!m.features().isEmpty() && !m.features().contains(call.feature())) {
                return deny(
                    call, "none", new NotFound("feature", call.feature() + " of this model"));
              }
              return attempts
                  .begin(call)
                  .onFailure(DomainException.class)
                  .recoverWithUni(e -> deny(call, "none", (DomainException) e))
                  .flatMap(
                      c -> {
                        if (c.voucher() != null) {
                          return vouchers
                              .charge(c, m)
                              .onFailure(DomainException.class)
                              .recoverWithUni(
                                  e ->
                                      this.<VoucherPath.Charge>deny(
                                          c, "voucher", (DomainException) e))
                              .flatMap(charge -> forward(c, m, started, "voucher", null, charge));
                        }
                        return licencePath(c, m, t.getItem2(), started, false);
                      });
            });
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
              return forward(call, m, started, "licence", taken, null);
            });
  }

  /** No licence lets the call through: why, with how to pay. */
  private Uni<Result> refuse(
      Call call, ModelContext m, List<Licence> all, List<Licence> covering, long now) {
    LicenceRefusal why = LicenceRefusal.of(call.feature(), all, covering, now);
    return howToPay
        .refusal(m, call.feature(), why.code(), why.detail())
        .flatMap(p -> deny(call, "licence", p));
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
      VoucherPath.Charge charge) {
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
    } else {
      ours.put("SOA-Charge-Id", charge.chargeId());
      ours.put("SOA-Charged", charge.amount().toString());
    }
    // the model's answer is served from the gateway's origin: never as a page of it
    ours.put("X-Content-Type-Options", "nosniff");
    ours.put("Content-Security-Policy", "sandbox; default-src 'none'");
    long sent = System.nanoTime();
    return forwarder
        .forward(m.endpointUrl(), call.feature(), call.headers(), upstream, call.body())
        .onItemOrFailure()
        .transformToUni(
            (answer, failure) -> {
              long done = System.nanoTime();
              int status = answer != null ? answer.status() : modelStatus(failure);
              boolean failed = answer == null;
              metrics.upstream(status, failure, done - sent);
              AccessGranted granted =
                  new AccessGranted(
                      call.requestId(),
                      call.modelId().toString(),
                      call.feature(),
                      call.caller(),
                      path,
                      licence == null ? null : licence.licence().licenseId().toString(),
                      charge == null ? null : charge.channelId(),
                      charge == null ? null : charge.chargeId(),
                      charge == null ? null : charge.amount().toString(),
                      status,
                      failed,
                      millis(done - started - (done - sent)),
                      millis(done - sent),
                      Instant.now().toString());
              // only what this attempt took is given back, and only when the model failed
              CallStore.Finish finish =
                  new CallStore.Finish(
                      call.requestKey(),
                      call.attempt(),
                      !failed,
                      path,
                      licence == null ? null : licence.licence().licenseId(),
                      charge == null ? null : charge.chargeId(),
                      charge == null ? null : charge.amount(),
                      failed ? null : status);
              Uni<Void> recorded =
                  commits.record(
                      new Outbox.Entry(decisionId(call), granted),
                      failed && licence != null ? licence.licence().licenseId() : null,
                      finish);
              // the gateway's own time: all of it but the model's, the decision's commit included
              recorded =
                  recorded.invoke(
                      () -> metrics.granted(path, System.nanoTime() - started - (done - sent)));
              return failure != null
                  ? recorded.chain(() -> Uni.createFrom().failure(failure))
                  : recorded.replaceWith(new Result(answer, ours));
            });
  }

  /** The model's own status when it answered with a failure (5xx), else 0 (no answer). */
  private static int modelStatus(Throwable failure) {
    return failure instanceof UpstreamFailure f
            && f.outcome() != null
            && f.outcome().get("modelStatus") instanceof Integer s
        ? s
        : 0;
  }

  /**
   * Records the refusal {@code why} as an event (ending the call's attempt), then fails with it.
   */
  <T> Uni<T> deny(Call call, String path, DomainException why) {
    int status = ProblemMappers.of(why).status();
    metrics.denied(path, why.code());
    AccessDenied denied =
        new AccessDenied(
            call.requestId(),
            call.modelId().toString(),
            call.feature(),
            call.caller(),
            path,
            why.code(),
            status,
            Instant.now().toString());
    CallStore.Finish finish =
        call.attempt() == 0
            ? null
            : new CallStore.Finish(
                call.requestKey(), call.attempt(), false, null, null, null, null, null);
    return commits
        .record(new Outbox.Entry(decisionId(call), denied), null, finish)
        .chain(() -> Uni.createFrom().failure(why));
  }

  /**
   * A decision's id, made once and kept with it in the outbox (a relay's resend has the same id).
   * Not derived from the request id: a request id may come back after access_call forgot it (a
   * day), while the outbox still holds the first decision (a week), and ids must not collide.
   */
  private static String decisionId(Call call) {
    return UUID.randomUUID().toString();
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 10_000.0) / 100.0;
  }
}
