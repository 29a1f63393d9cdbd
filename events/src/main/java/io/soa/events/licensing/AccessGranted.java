package io.soa.events.licensing;

import io.soa.events.SoaEvent;

/**
 * A call the gateway let through, with the endpoint's answer: paid by licence, by voucher or by
 * x402 ({@code paymentTx}: the transfer that paid it).
 */
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
    String paymentTx,
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
