package io.soa.events.payments;

import io.soa.events.SoaEvent;

/**
 * Every channel of a settlement is confirmed by the indexer's ChannelClaimed or ClaimSkipped
 * events. paid is the gross claimed, fees the platform's part of it; the model owners received paid
 * - fees.
 */
public record SettlementConfirmed(
    String settlementId,
    long chainId,
    String txHash,
    int claimed,
    int skipped,
    String paid,
    String fees,
    String confirmedAt)
    implements SoaEvent {

  public static final String TYPE = "soa.payments.SettlementConfirmed.v1";

  @Override
  public String subject() {
    return settlementId;
  }
}
