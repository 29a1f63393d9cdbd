package io.soa.payment.api;

import io.soa.payment.domain.Charge;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A charge and where its channel stood right after it. Amounts: $SOA base units, decimal. */
@Schema(description = "An accepted (or released) charge and its channel's totals")
public record ChargeView(
    String chargeId,
    String requestId,
    String channelId,
    String modelId,
    String feature,
    @Schema(description = "The feature's on-chain price: what this call costs") String amount,
    @Schema(description = "What the channel has been charged, this call included") String charged,
    @Schema(description = "The largest valid voucher seen for the channel") String covered,
    @Schema(description = "Signed but not yet charged: covered - charged") String credit,
    @Schema(description = "What the deposit still allows: deposit - charged") String remaining,
    @Schema(description = "accepted, or released (the call failed; the amount is credit again)")
        String state,
    OffsetDateTime acceptedAt,
    OffsetDateTime releasedAt) {

  public static ChargeView of(Charge c, BigInteger deposit) {
    return new ChargeView(
        c.chargeId().toString(),
        c.requestId(),
        c.channelId().toString(),
        c.modelId().toString(),
        c.feature(),
        c.amount().toString(),
        c.chargedAfter().toString(),
        c.coveredAfter().toString(),
        c.coveredAfter().subtract(c.chargedAfter()).toString(),
        deposit.subtract(c.chargedAfter()).toString(),
        c.releasedAt() == null ? "accepted" : "released",
        c.acceptedAt(),
        c.releasedAt());
  }
}
