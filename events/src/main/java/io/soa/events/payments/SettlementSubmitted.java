package io.soa.events.payments;

import io.soa.events.SoaEvent;

/**
 * A claimBatch transaction was sent for a batch of channels: each claims the newest voucher not
 * above what was charged. Amounts are $SOA base units; amount is what the batch claims beyond what
 * was claimed before.
 */
public record SettlementSubmitted(
    String settlementId,
    long chainId,
    String reason,
    String txHash,
    int channels,
    String amount,
    String submittedAt)
    implements SoaEvent {

  public static final String TYPE = "soa.payments.SettlementSubmitted.v1";

  @Override
  public String subject() {
    return settlementId;
  }
}
