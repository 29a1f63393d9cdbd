package io.soa.payment.domain;

import java.math.BigInteger;

/**
 * A request to charge one call: {@code requestId} is the idempotency key; the voucher is ({@code
 * channelId}, {@code cumulativeAmount}, {@code signature}); {@code feature} is the bytes32 key of
 * the feature (keccak-256 of its catalog id); {@code caller} the signed-in address that asks (it
 * must be the channel's payer or signer) and {@code maxPrice} the most it pays. {@code traceParent}
 * is the W3C {@code traceparent} of the request that asked (null when untraced): the settlement
 * that claims the charge links to it.
 */
public record ChargeCommand(
    String requestId,
    BigInteger channelId,
    BigInteger cumulativeAmount,
    byte[] signature,
    BigInteger modelId,
    String feature,
    String caller,
    BigInteger maxPrice,
    String traceParent) {

  /**
   * Same request: what a replay of the idempotency key must repeat (channel, model, feature and
   * voucher), and the amount charged then must still be within what the caller agrees to pay.
   */
  public boolean sameAs(Charge c) {
    return c.channelId().equals(channelId)
        && c.modelId().equals(modelId)
        && c.feature().equals(feature)
        && c.cumulativeAmount().equals(cumulativeAmount)
        && c.amount().compareTo(maxPrice) <= 0;
  }
}
