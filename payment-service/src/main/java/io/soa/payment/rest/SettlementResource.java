package io.soa.payment.rest;

import io.smallrye.mutiny.Uni;
import io.soa.payment.api.ChargeRequest;
import io.soa.payment.service.PaymentReports;
import io.soa.payment.service.Settler;
import io.soa.platform.error.Invalid;
import io.soa.platform.error.NotFound;
import io.soa.platform.openapi.SharedSchemas;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Settlements on demand and as they went; the reconciliation of off-chain against on-chain. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class SettlementResource {
  private final Settler settler;
  private final PaymentReports reports;
  private final org.eclipse.microprofile.jwt.JsonWebToken jwt;

  public SettlementResource(
      Settler settler, PaymentReports reports, org.eclipse.microprofile.jwt.JsonWebToken jwt) {
    this.settler = settler;
    this.reports = reports;
    this.jwt = jwt;
  }

  @POST
  @Path("/settlements")
  @RolesAllowed("**")
  @SecurityRequirement(name = "jwt")
  @Operation(
      summary = "Settle now",
      description =
          "Sends claimBatch now for every channel of modelId (or of every model) with charges not"
              + " yet claimed, e.g. before the model token is sold. Returns the settlements sent."
              + " The model's owner (as the chain says) may settle it; every model, or any model,"
              + " needs a token of the group 'operator' (403 settlement-not-allowed otherwise):"
              + " settling spends the settlement key's gas.")
  @APIResponse(responseCode = "403", description = "settlement-not-allowed")
  public Uni<Map<String, Object>> settle(
      @Parameter(schema = @Schema(ref = SharedSchemas.UINT256)) @QueryParam("modelId")
          String modelId) {
    if (modelId != null && !modelId.matches(ChargeRequest.UINT)) {
      throw Invalid.field("modelId", "must be an on-chain model id (decimal)");
    }
    Uni<Void> allowed =
        jwt.getGroups().contains("operator")
            ? Uni.createFrom().voidItem()
            : modelId == null
                ? Uni.createFrom().failure(notAllowed("settling every model is for operators"))
                : reports
                    .owner(new java.math.BigInteger(modelId))
                    .map(
                        owner -> {
                          if (!owner.orElse("").equalsIgnoreCase(jwt.getSubject())) {
                            throw notAllowed(
                                "only model " + modelId + "'s owner or an operator may settle it");
                          }
                          return null;
                        });
    return allowed
        .chain(() -> settler.settleNow(modelId))
        .map(ids -> Map.of("settlements", ids.stream().map(UUID::toString).toList()));
  }

  private static io.soa.platform.error.Forbidden notAllowed(String why) {
    return new io.soa.platform.error.Forbidden("settlement-not-allowed", why);
  }

  @GET
  @Path("/settlements")
  @Operation(summary = "The latest settlements, newest first (at most 1,000)")
  public Uni<List<Map<String, Object>>> settlements() {
    return reports.settlements();
  }

  @GET
  @Path("/settlements/{id}")
  @Operation(summary = "A settlement and its channels")
  public Uni<Map<String, Object>> settlement(
      @Parameter(schema = @Schema(maxLength = 78)) @PathParam("id") String id) {
    UUID sid;
    try {
      sid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new NotFound("settlement", "with that id");
    }
    return reports.settlement(sid);
  }

  @GET
  @Path("/reconciliation")
  @Operation(
      summary = "Off-chain against on-chain, channel by channel",
      description =
          "For every channel with activity: charged off-chain, claimed on chain, settled through"
              + " this service's settlements, in flight, and the difference between claimed and"
              + " settled (expected 0 once claims are confirmed); creditAhead when a charge was given"
              + " back after a claim had paid it (the channel's credit for its next calls);"
              + " overClaimed when the chain claimed more than the channel was ever charged (never"
              + " expected). ledgerBalance is the sum of every posting"
              + " (always 0). x402Channels: each x402 batch-settlement channel's charges, charged"
              + " cumulative amount and claims on chain; x402Unclaimed what the next claim round"
              + " owes the payees.")
  public Uni<Map<String, Object>> reconciliation() {
    return reports.reconciliation();
  }
}
