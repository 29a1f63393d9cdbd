package io.soa.events.payments;

import io.soa.events.SoaEvent;

/**
 * A claimBatch transaction could not be sent or was reverted; its channels are claimed again by a
 * later settlement.
 */
public record SettlementFailed(String settlementId, long chainId, String error, String failedAt)
    implements SoaEvent {

  public static final String TYPE = "soa.payments.SettlementFailed.v1";

  @Override
  public String subject() {
    return settlementId;
  }
}
