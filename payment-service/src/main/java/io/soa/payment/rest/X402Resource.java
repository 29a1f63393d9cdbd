package io.soa.payment.rest;

import io.smallrye.mutiny.Uni;
import io.soa.payment.api.X402Request;
import io.soa.payment.api.X402Settlement;
import io.soa.payment.api.X402Verdict;
import io.soa.payment.service.ClaimChain;
import io.soa.payment.service.ExactSettler;
import io.soa.payment.service.ExactVerifier;
import io.soa.platform.error.Forbidden;
import io.soa.platform.error.Invalid;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
  private final JsonWebToken jwt;

  public X402Resource(ExactVerifier exact, ExactSettler settler, ClaimChain key, JsonWebToken jwt) {
    this.exact = exact;
    this.settler = settler;
    this.key = key;
    this.jwt = jwt;
  }

  @GET
  @Path("/supported")
  @PermitAll
  @Operation(
      summary = "What this facilitator settles",
      description =
          "As x402 v2's facilitator API: kinds (x402Version 2, scheme exact, this chain's"
              + " network; none when the deployment names no $SOA), extensions, and signers (the"
              + " settlement key's address, when this replica has one).")
  public Map<String, Object> supported() {
    List<Map<String, Object>> kinds =
        exact.settles()
            ? List.of(Map.of("x402Version", 2, "scheme", "exact", "network", exact.network()))
            : List.of();
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
              + " Needs a token of the group 'facilitator', 'gateway' or 'operator'.")
  @APIResponse(responseCode = "403", description = "facilitator-not-allowed")
  @APIResponse(responseCode = "503", description = "x402-settlement-unavailable")
  public Uni<X402Settlement> settle(@Valid @NotNull X402Request body) {
    check(body, "settling");
    return settler.settle(body);
  }

  private void check(X402Request body, String what) {
    if (jwt.getGroups().stream()
        .noneMatch(g -> g.equals("facilitator") || g.equals("gateway") || g.equals("operator"))) {
      throw new Forbidden(
          "facilitator-not-allowed",
          what + " x402 payments needs a facilitator, gateway or operator token");
    }
    if (!body.paymentPayload().isObject()) {
      throw Invalid.field("paymentPayload", "must be an object (x402's PaymentPayload)");
    }
    if (!body.paymentRequirements().isObject()) {
      throw Invalid.field("paymentRequirements", "must be an object (x402's PaymentRequirements)");
    }
  }
}
