package io.soa.licensing.gateway;

import io.smallrye.mutiny.Uni;
import io.soa.licensing.gateway.repository.CallStore;
import io.soa.platform.error.Conflict;
import io.soa.platform.error.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One call, one payment (DESIGN §6 step 4): before a call is paid, its request id is claimed for
 * one attempt ({@link CallStore#begin}). A request id bound to another model, feature or body is
 * 409 request-id-reused; a call in flight 409 request-in-progress; an answered call 409
 * request-already-answered with its outcome, never forwarded or paid again; a failed call (refused,
 * or the model failed and its payment was given back) may be paid again as the next attempt. An
 * attempt older than the gateway's longest call is a crashed one and may be taken over.
 */
@ApplicationScoped
public class CallAttempts {
  private final CallStore calls;
  private final Duration stale;

  public CallAttempts(CallStore calls, GatewayConfig config) {
    this.calls = calls;
    // an attempt never runs longer than its payment (3 tries of 3 s) and the model's answer
    this.stale = config.upstreamTimeout().multipliedBy(2).plusSeconds(30);
  }

  /**
   * Begins an attempt of the call named by its request id, or refuses: the id is bound to another
   * call, the call is in flight, or it was answered (with what it was answered and paid).
   */
  Uni<Call> begin(Call call) {
    return calls
        .begin(call.requestKey(), call.fingerprint(), stale)
        .flatMap(
            attempt ->
                attempt.isPresent()
                    ? Uni.createFrom().item(call.withAttempt(attempt.get()))
                    : calls
                        .find(call.requestKey())
                        .map(
                            found -> {
                              throw taken(call, found);
                            }));
  }

  private static DomainException taken(Call call, Optional<CallStore.Recorded> found) {
    if (found.isPresent() && !found.get().fingerprint().equals(call.fingerprint())) {
      return new Conflict(
          "request-id-reused",
          "Request id reused",
          "request id "
              + call.requestId()
              + " named another call (another model, feature or body): send a new SOA-Request-Id"
              + " for every call",
          List.of());
    }
    if (found.isEmpty() || !"answered".equals(found.get().state())) {
      return new Conflict(
          "request-in-progress",
          "Request in progress",
          "the call with request id "
              + call.requestId()
              + " is being answered: wait for its answer, or send another call with a new id",
          List.of());
    }
    CallStore.Recorded r = found.get();
    Map<String, Object> outcome = new LinkedHashMap<>();
    outcome.put("status", r.status());
    outcome.put("access", r.access());
    outcome.put("attempt", r.attempt());
    if (r.licenseId() != null) {
      outcome.put("licenseId", r.licenseId().toString());
    }
    if (r.chargeId() != null) {
      outcome.put("chargeId", r.chargeId().toString());
      outcome.put("charged", r.charged().toString());
    }
    return new Conflict(
        "request-already-answered",
        "Request already answered",
        "the call with request id "
            + call.requestId()
            + " was answered and paid; it is not forwarded or charged again: send a new"
            + " SOA-Request-Id for a new call",
        List.of(),
        outcome);
  }
}
