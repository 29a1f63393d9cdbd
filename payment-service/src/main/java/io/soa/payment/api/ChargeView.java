package io.soa.payment.api;

import io.soa.payment.domain.Charge;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A charge and where its channel stood right after it. Amounts: $SOA base units, decimal. */
@Schema(description = "An accepted (or released) charge and its channel's totals")
public record ChargeView(
    @Schema(examples = "0b7e5a52-8c1e-4d3f-9a41-3f1f2d6a9c10") String chargeId,
    @Schema(examples = "gw-7f3c2a9e-0001") String requestId,
    @Schema(examples = "42") String channelId,
    @Schema(examples = "7") String modelId,
    @Schema(
            description = "The feature's bytes32 key (keccak-256 of its catalog id)",
            examples = "0x5d1a4c2b2c8c0d3e0d4d8a56a8f0b0b9c3d7f1e2a4b6c8d0e2f4a6b8c0d2e4f6")
        String feature,
    @Schema(
            description = "The feature's on-chain price: what this call costs",
            examples = "1500000000000000")
        String amount,
    @Schema(
            description = "What the channel has been charged, this call included",
            examples = "3000000000000000")
        String charged,
    @Schema(
            description = "The largest valid voucher seen for the channel",
            examples = "4500000000000000")
        String covered,
    @Schema(
            description = "Signed but not yet charged: covered - charged",
            examples = "1500000000000000")
        String credit,
    @Schema(
            description = "What the deposit still allows: deposit - charged",
            examples = "97000000000000000")
        String remaining,
    @Schema(description = "accepted, or released (the call failed; the amount is credit again)")
        String state,
    @Schema(examples = "2026-12-01T15:04:05.123456Z") OffsetDateTime acceptedAt,
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
