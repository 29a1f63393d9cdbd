package io.soa.payment.rest;

import io.smallrye.mutiny.Uni;
import io.soa.payment.api.X402Request;
import io.soa.payment.api.X402Verdict;
import io.soa.payment.service.ExactVerifier;
import io.soa.platform.error.Forbidden;
import io.soa.platform.error.Invalid;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * This suite as an x402 facilitator, for its own gateway and for any x402 resource server (x402 v2,
 * section 7; point {@code HTTPFacilitatorClient} at {@code <payment-service>/v1/x402}). Only {@code
 * POST /verify} of the {@code exact} scheme in $SOA so far; settlement comes next.
 */
@Path("/v1/x402")
@Produces(MediaType.APPLICATION_JSON)
public class X402Resource {
  private final ExactVerifier exact;
  private final JsonWebToken jwt;

  public X402Resource(ExactVerifier exact, JsonWebToken jwt) {
    this.exact = exact;
    this.jwt = jwt;
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
    if (jwt.getGroups().stream()
        .noneMatch(g -> g.equals("facilitator") || g.equals("gateway") || g.equals("operator"))) {
      throw new Forbidden(
          "facilitator-not-allowed",
          "verifying x402 payments needs a facilitator, gateway or operator token");
    }
    if (!body.paymentPayload().isObject()) {
      throw Invalid.field("paymentPayload", "must be an object (x402's PaymentPayload)");
    }
    if (!body.paymentRequirements().isObject()) {
      throw Invalid.field("paymentRequirements", "must be an object (x402's PaymentRequirements)");
    }
    return exact.verify(body);
  }
}
