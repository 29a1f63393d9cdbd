package io.soa.payment.rest;

import io.smallrye.mutiny.Uni;
import io.soa.payment.api.X402Request;
import io.soa.payment.api.X402Verdict;
import io.soa.payment.repository.X402Transfers;
import io.soa.payment.service.ClaimChain;
import io.soa.payment.service.ExactSettler;
import io.soa.payment.service.ExactVerifier;
import io.soa.platform.error.Forbidden;
import io.soa.platform.error.Invalid;
import io.soa.platform.error.NotFound;
import io.soa.platform.openapi.SharedSchemas;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * This suite as an x402 facilitator, for its own gateway and for any x402 resource server (x402 v2,
 * section 7; point {@code HTTPFacilitatorClient} at {@code <payment-service>/v1/x402}): the {@code
 * exact} scheme in $SOA, verified and settled from the settlement key. Verifying and settling need
 * a token of the group facilitator, gateway or operator (settling spends the key's gas); what is
 * supported is public.
 */
@Path("/v1/x402")
@Produces(MediaType.APPLICATION_JSON)
public class X402Resource {
  private final ExactVerifier exact;
  private final ExactSettler settler;
  private final ClaimChain key;
  private final X402Transfers transfers;
  private final JsonWebToken jwt;
  private final io.soa.payment.service.BatchServer batch;
  private final io.soa.payment.service.BatchSettler batchSettler;
  private final io.soa.payment.service.BatchFacilitator batchFacilitator;

  public X402Resource(
      io.soa.payment.service.BatchServer batch,
      io.soa.payment.service.BatchSettler batchSettler,
      io.soa.payment.service.BatchFacilitator batchFacilitator,
      ExactVerifier exact,
      ExactSettler settler,
      ClaimChain key,
      X402Transfers transfers,
      JsonWebToken jwt) {
    this.exact = exact;
    this.settler = settler;
    this.key = key;
    this.transfers = transfers;
    this.jwt = jwt;
    this.batch = batch;
    this.batchSettler = batchSettler;
    this.batchFacilitator = batchFacilitator;
  }

  @GET
  @Path("/supported")
  @PermitAll
  @Operation(
      summary = "What this facilitator settles",
      description =
          "As x402 v2's facilitator API: kinds (x402Version 2, schemes exact and"
              + " batch-settlement on this chain's network, the latter with extra.receiverAuthorizer,"
              + " the settlement key that signs channels' claims and refunds; none when the"
              + " deployment names no $SOA), extensions, and signers (the settlement key's address,"
              + " when this replica has one).")
  public Map<String, Object> supported() {
    List<Map<String, Object>> kinds = new java.util.ArrayList<>();
    if (exact.settles()) {
      kinds.add(Map.of("x402Version", 2, "scheme", "exact", "network", exact.network()));
    }
    if (batchSettler.enabled()) { // channels' claims and refunds are signed by the settlement key
      kinds.add(
          Map.of(
              "x402Version",
              2,
              "scheme",
              "batch-settlement",
              "network",
              exact.network(),
              "extra",
              Map.of("receiverAuthorizer", batchSettler.authorizer())));
    }
    Map<String, List<String>> signers =
        key.enabled() ? Map.of("eip155:*", List.of(key.address())) : Map.of();
    return Map.of("kinds", kinds, "extensions", List.of(), "signers", signers);
  }

  @POST
  @Path("/verify")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed("**")
  @SecurityRequirement(name = "jwt")
  @Operation(
      summary = "Verify an x402 payment (exact, $SOA)",
      description =
          "Body as x402 v2's facilitator API: x402Version, paymentPayload, paymentRequirements."
              + " Answers isValid, and when not, invalidReason in x402's words (e.g."
              + " invalid_exact_evm_payload_signature, insufficient_funds). Nothing is sent to the"
              + " chain. Needs a token of the group 'facilitator', 'gateway' or 'operator'.")
  @APIResponse(responseCode = "403", description = "facilitator-not-allowed")
  public Uni<X402Verdict> verify(@Valid @NotNull X402Request body) {
    check(body, "verifying");
    if ("batch-settlement".equals(body.paymentRequirements().path("scheme").asText())) {
      return batch.verify(body.paymentPayload(), body.paymentRequirements());
    }
    return exact.verify(body);
  }

  @POST
  @Path("/settle")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed("**")
  @SecurityRequirement(name = "jwt")
  @Operation(
      summary = "Settle an x402 payment (exact, $SOA)",
      description =
          "Body as for /verify. Verifies, then sends the payer's transferWithAuthorization from the"
              + " settlement key and answers once it is mined: success, transaction, network,"
              + " payer, amount; or success false with errorReason in x402's words"
              + " (invalid_exact_evm_nonce_already_used for a payload settled before, or being"
              + " settled; settlement_pending with the transaction when the chain is slow)."
              + " batch-settlement: payload type deposit (verified and sent), claim (rows of"
              + " channels whose receiverAuthorizer is the settlement key, claimed with its"
              + " ClaimBatch signature), settle (a receiver's claims sent to it) or refund (its"
              + " claim rows, then the amount back to the payer); answers with channelState."
              + " Needs a token of the group 'facilitator', 'gateway' or 'operator'.")
  @APIResponse(responseCode = "403", description = "facilitator-not-allowed")
  @APIResponse(responseCode = "503", description = "x402-settlement-unavailable")
  public Uni<Object> settle(@Valid @NotNull X402Request body) {
    check(body, "settling");
    if ("batch-settlement".equals(body.paymentRequirements().path("scheme").asText())) {
      return batchFacilitator
          .settle(body.paymentPayload(), body.paymentRequirements())
          .map(r -> (Object) r);
    }
    return settler.settle(body).map(r -> (Object) r);
  }

  @GET
  @Path("/settlements")
  @RolesAllowed("**")
  @SecurityRequirement(name = "jwt")
  @Operation(
      summary = "The settlement of one x402 payment made here",
      description =
          "payer (address) and nonce (the ERC-3009 authorization's bytes32): state (submitted,"
              + " confirmed, failed), transaction, payTo, amount; 404 x402-settlement-unknown when"
              + " this service settled no such payment. A server that lost a settle's answer asks"
              + " here. Needs a token of the group 'facilitator', 'gateway' or 'operator'.")
  @APIResponse(responseCode = "404", description = "x402-settlement-unknown")
  public Uni<Map<String, Object>> settlement(
      @Parameter(schema = @Schema(ref = SharedSchemas.ADDRESS)) @QueryParam("payer") String payer,
      @Parameter(schema = @Schema(pattern = "^0x[0-9a-fA-F]{64}$", maxLength = 66))
          @QueryParam("nonce")
          String nonce) {
    allowed("asking about");
    if (payer == null || !payer.matches("^0x[0-9a-fA-F]{40}$")) {
      throw Invalid.field("payer", "must be an address (0x + 40 hex digits)");
    }
    if (nonce == null || !nonce.matches("^0x[0-9a-fA-F]{64}$")) {
      throw Invalid.field("nonce", "must be the authorization's nonce (0x + 64 hex digits)");
    }
    return transfers
        .find(payer.toLowerCase(Locale.ROOT), nonce.toLowerCase(Locale.ROOT))
        .map(
            f ->
                f.map(
                        x ->
                            Map.<String, Object>of(
                                "state", x.state(),
                                "transaction", x.transaction() == null ? "" : x.transaction(),
                                "payTo", x.payTo(),
                                "amount", x.amount().toString()))
                    .orElseThrow(
                        () ->
                            new NotFound(
                                "x402-settlement-unknown",
                                "x402 settlement",
                                "this service settled no payment of that payer and nonce")));
  }

  static void allowed(JsonWebToken jwt, String what) {
    if (jwt.getGroups().stream()
        .noneMatch(g -> g.equals("facilitator") || g.equals("gateway") || g.equals("operator"))) {
      throw new Forbidden(
          "facilitator-not-allowed",
          what + " x402 payments needs a facilitator, gateway or operator token");
    }
  }

  private void allowed(String what) {
    if (jwt.getGroups().stream()
        .noneMatch(g -> g.equals("facilitator") || g.equals("gateway") || g.equals("operator"))) {
      throw new Forbidden(
          "facilitator-not-allowed",
          what + " x402 payments needs a facilitator, gateway or operator token");
    }
  }

  private void check(X402Request body, String what) {
    allowed(what);
    if (!body.paymentPayload().isObject()) {
      throw Invalid.field("paymentPayload", "must be an object (x402's PaymentPayload)");
    }
    if (!body.paymentRequirements().isObject()) {
      throw Invalid.field("paymentRequirements", "must be an object (x402's PaymentRequirements)");
    }
  }
}
