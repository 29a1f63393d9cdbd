package io.soa.events.payments;

import io.soa.events.SoaEvent;

/**
 * A pay-per-use charge was accepted against a channel: its voucher covers it. Amounts are decimal
 * strings of $SOA base units; {@code charged} and {@code covered} are the channel's totals after
 * this charge; the model's owner earns {@code amount} less the platform fee at settlement.
 */
public record ChargeAccepted(
    String chargeId,
    String requestId,
    long chainId,
    String channelId,
    String modelId,
    String feature,
    String amount,
    String cumulativeAmount,
    String charged,
    String covered,
    String acceptedAt)
    implements SoaEvent {

  public static final String TYPE = "soa.payments.ChargeAccepted.v1";

  @Override
  public String subject() {
    return channelId;
  }
}
