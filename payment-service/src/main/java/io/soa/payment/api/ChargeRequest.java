package io.soa.payment.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /v1/charges}: charge one call of a feature against a voucher. */
@Schema(description = "One pay-per-use call to charge, with the voucher that pays for it")
public record ChargeRequest(
    @NotNull
        @Pattern(regexp = REQUEST_ID)
        @Schema(
            description = "Idempotency key: the same id always gets the same answer, charged once",
            examples = "gw-7f3c2a9e-0001")
        String requestId,
    @NotNull
        @Pattern(regexp = UINT)
        @Schema(description = "The payment channel (decimal)", examples = "42")
        String channelId,
    @NotNull
        @Pattern(regexp = UINT)
        @Schema(
            description =
                "The voucher's cumulative amount in $SOA base units (decimal): everything the"
                    + " channel's signer agrees to pay so far, this call included",
            examples = "3000000000000000")
        String cumulativeAmount,
    @NotNull
        @Pattern(regexp = SIGNATURE)
        @Schema(
            description =
                "EIP-712 signature (65 bytes, r‖s‖v, hex) of Voucher(channelId, cumulativeAmount)"
                    + " in the domain SOA UsageEscrow v1 of this chain and escrow",
            examples =
                "0x6f1c9e0b5a7d3e2f4c8b1a0d9e7f6c5b4a3928171605f4e3d2c1b0a9f8e7d6c5"
                    + "4b3a29180716f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c1b")
        String signature,
    @NotNull
        @Pattern(regexp = UINT)
        @Schema(description = "The on-chain model id (decimal)", examples = "7")
        String modelId,
    @NotNull
        @Pattern(regexp = FEATURE)
        @Schema(
            description =
                "The feature called: its catalog id (e.g. tokens) or its bytes32 key"
                    + " (keccak-256 of the id)",
            examples = "pos-tags")
        String feature,
    @NotNull
        @Pattern(regexp = ADDRESS)
        @Schema(
            description =
                "Who calls (the signed-in address): only the channel's payer or its signer may"
                    + " spend it",
            examples = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8")
        String caller,
    @NotNull
        @Pattern(regexp = UINT)
        @Schema(
            description =
                "The most the caller agrees to pay for this call (decimal base units): a higher"
                    + " price is refused with 402 price-above-cap",
            examples = "2000000000000000")
        String maxPrice) {

  public static final String UINT = "^(0|[1-9][0-9]{0,77})$";
  public static final String REQUEST_ID = "^[A-Za-z0-9._:-]{1,160}$";
  public static final String ADDRESS = "^0x[0-9a-fA-F]{40}$";
  public static final String SIGNATURE = "^0x[0-9a-fA-F]{130}$";
  public static final String FEATURE = "^(0x[0-9a-fA-F]{64}|[a-z0-9][a-z0-9._-]{0,63})$";
}
