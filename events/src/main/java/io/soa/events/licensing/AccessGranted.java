package io.soa.events.licensing;

import io.soa.events.SoaEvent;

/** A call the gateway let through, with the endpoint's answer. */
public record AccessGranted(
    String requestId,
    String modelId,
    String feature,
    String caller,
    String path,
    String licenseId,
    String channelId,
    String chargeId,
    String amount,
    int upstreamStatus,
    boolean refunded,
    double latencyMs,
    double upstreamMs,
    String decidedAt)
    implements SoaEvent {

  public static final String TYPE = "soa.licensing.AccessGranted.v1";

  @Override
  public String subject() {
    return modelId;
  }
}
