package io.soa.licensing.entitlement.api;

import io.soa.licensing.entitlement.Licence;
import io.soa.licensing.entitlement.ModelContext;
import io.soa.platform.types.Bytes32;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A licence and what it lets its holder call now. */
@Schema(description = "A licence as the gateway enforces it")
public record EntitlementView(
    @Schema(examples = "12") String licenseId,
    @Schema(examples = "3") String tierId,
    @Schema(description = "The on-chain model id", examples = "7") String modelId,
    @Schema(examples = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8") String holder,
    @Schema(
            description =
                "The catalog feature ids the tier covers (every feature of the model when the"
                    + " tier names none)",
            examples = "[\"tokens\", \"pos-tags\"]")
        List<String> features,
    @Schema(description = "The same as bytes32 keys (keccak-256 of the id); empty = every feature")
        List<String> featureKeys,
    @Schema(description = "When it expires; null = perpetual", examples = "2026-12-31T00:00:00Z")
        Instant expiresAt,
    @Schema(description = "Calls it carries; null = unlimited", examples = "1000") Long callQuota,
    @Schema(description = "Calls left; null = unlimited", examples = "998") Long callsLeft,
    @Schema(
            description =
                "active, expired, exhausted, or listed (for sale on the marketplace: its calls are"
                    + " frozen for the buyer)",
            examples = "active")
        String state) {

  public static EntitlementView of(Licence l, ModelContext model, long nowSeconds) {
    List<String> ids =
        model == null
            ? List.of()
            : model.features().stream().filter(f -> l.covers(Bytes32.featureKey(f))).toList();
    return new EntitlementView(
        l.licenseId().toString(),
        l.tierId().toString(),
        l.modelId().toString(),
        l.holder(),
        ids,
        l.featureKeys(),
        l.expiresAt() == 0 ? null : Instant.ofEpochSecond(l.expiresAt()),
        l.callQuota() == 0 ? null : l.callQuota(),
        l.callsLeft(),
        l.expired(nowSeconds)
            ? "expired"
            : l.exhausted() ? "exhausted" : l.listed() ? "listed" : "active");
  }
}
