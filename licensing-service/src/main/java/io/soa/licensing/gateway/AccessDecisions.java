package io.soa.licensing.gateway;

import io.smallrye.mutiny.Uni;
import io.soa.events.licensing.AccessDenied;
import io.soa.events.licensing.AccessGranted;
import io.soa.licensing.gateway.client.Forwarder;
import io.soa.licensing.gateway.repository.CallStore;
import io.soa.platform.error.DomainException;
import io.soa.platform.error.UpstreamFailure;
import io.soa.platform.outbox.Outbox;
import io.soa.platform.problem.ProblemMappers;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Every access decision of the gateway as an event on soa.licensing.access.v1 ({@code
 * AccessGranted} with the model's answer, {@code AccessDenied} with why), committed with the end of
 * the call's attempt before the caller gets the answer.
 */
@ApplicationScoped
public class AccessDecisions {
  private final AccessCommits commits;
  private final AccessMetrics metrics;

  public AccessDecisions(AccessCommits commits, AccessMetrics metrics) {
    this.commits = commits;
    this.metrics = metrics;
  }

  /** One attempt of a call as it goes to the model: how it is paid, and when it was sent. */
  record Attempt(
      Call call,
      String path,
      Gateway.Taken licence,
      VoucherPath.Charge charge,
      ExactPath.Verified paid,
      long started,
      long sent,
      Map<String, String> ours) {
    /** What this attempt was paid per call (a charge or an x402 payment); null by licence. */
    BigInteger amount() {
      return charge != null ? charge.amount() : paid != null ? paid.amount() : null;
    }
  }

  /**
   * Records the decision of an attempt the model answered or failed ({@code paymentTx}: the x402
   * transfer that paid it), then gives the caller the answer or the failure.
   */
  Uni<Gateway.Result> decided(
      Attempt a, Forwarder.Answer answer, Throwable failure, String paymentTx, long done) {
    Call call = a.call();
    int status = answer != null ? answer.status() : modelStatus(failure);
    boolean failed = answer == null;
    AccessGranted granted =
        new AccessGranted(
            call.requestId(),
            call.modelId().toString(),
            call.feature(),
            call.caller(),
            a.path(),
            a.licence() == null ? null : a.licence().licence().licenseId().toString(),
            a.charge() == null ? null : a.charge().channelId(),
            a.charge() == null ? null : a.charge().chargeId(),
            a.amount() == null ? null : a.amount().toString(),
            paymentTx,
            status,
            failed,
            millis(done - a.started() - (done - a.sent())),
            millis(done - a.sent()),
            Instant.now().toString());
    // only what this attempt took is given back, and only when the model failed
    CallStore.Finish finish =
        new CallStore.Finish(
            call.requestKey(),
            call.attempt(),
            !failed,
            a.path(),
            a.licence() == null ? null : a.licence().licence().licenseId(),
            a.charge() == null ? null : a.charge().chargeId(),
            a.amount(),
            failed ? null : status);
    Uni<Void> recorded =
        commits.record(
            new Outbox.Entry(decisionId(call), granted),
            failed && a.licence() != null ? a.licence().licence().licenseId() : null,
            finish);
    // the gateway's own time: all of it but the model's, the decision's commit included
    recorded =
        recorded.invoke(
            () -> metrics.granted(a.path(), System.nanoTime() - a.started() - (done - a.sent())));
    return failure != null
        ? recorded.chain(() -> Uni.createFrom().failure(failure))
        : recorded.replaceWith(new Gateway.Result(answer, a.ours()));
  }

  /** The model's own status when it answered with a failure (5xx), else 0 (no answer). */
  static int modelStatus(Throwable failure) {
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
