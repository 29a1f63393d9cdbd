package io.soa.events.payments;

import io.soa.events.SoaEvent;

/**
 * An accepted charge was released (the model call failed): its amount is credit on the channel
 * again. {@code charged} is the channel's total after the release.
 */
public record ChargeReleased(
    String chargeId,
    String requestId,
    long chainId,
    String channelId,
    String modelId,
    String feature,
    String amount,
    String charged,
    String releasedAt)
    implements SoaEvent {

  public static final String TYPE = "soa.payments.ChargeReleased.v1";

  @Override
  public String subject() {
    return channelId;
  }
}
