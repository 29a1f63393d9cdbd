package io.soa.payment.domain;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One accepted charge: the price of one call of {@code feature}, taken from {@code channelId} on
 * the strength of a voucher for {@code cumulativeAmount}. {@code chargedAfter} and {@code
 * coveredAfter} are the channel's totals right after it; {@code releasedAt} is set when the call
 * failed and the amount went back to credit.
 */
public record Charge(
    UUID chargeId,
    String requestId,
    BigInteger channelId,
    BigInteger modelId,
    String feature,
    BigInteger amount,
    BigInteger cumulativeAmount,
    byte[] signature,
    BigInteger chargedAfter,
    BigInteger coveredAfter,
    OffsetDateTime acceptedAt,
    OffsetDateTime releasedAt) {

  /** This charge, released at {@code at}. */
  public Charge released(OffsetDateTime at) {
    return new Charge(
        chargeId,
        requestId,
        channelId,
        modelId,
        feature,
        amount,
        cumulativeAmount,
        signature,
        chargedAfter,
        coveredAfter,
        acceptedAt,
        at);
  }
}
