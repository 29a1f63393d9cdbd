package io.soa.payment.rest;

import io.smallrye.mutiny.Uni;
import io.soa.payment.api.ChargeRequest;
import io.soa.payment.api.ChargeView;
import io.soa.payment.domain.ChargeCommand;
import io.soa.payment.service.ChargeReleases;
import io.soa.payment.service.ChargeService;
import io.soa.payment.service.PaymentReports;
import io.soa.platform.error.NotFound;
import io.soa.platform.types.Bytes32;
import io.soa.platform.validation.CleanText;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.web3j.utils.Numeric;

/** Charges: taken by the access gateway per call, released when the call failed. */
@Path("/v1/charges")
@Produces(MediaType.APPLICATION_JSON)
public class ChargeResource {
  /** The audience of the gateway's service token; sign-in tokens (audience soa) never charge. */
  static final String SERVICE_AUDIENCE = "soa-payment";

  private final ChargeService charges;
  private final ChargeReleases releases;
  private final PaymentReports reports;
  private final org.eclipse.microprofile.jwt.JsonWebToken jwt;

  public ChargeResource(
      ChargeService charges,
      ChargeReleases releases,
      PaymentReports reports,
      org.eclipse.microprofile.jwt.JsonWebToken jwt) {
    this.charges = charges;
    this.releases = releases;
    this.reports = reports;
    this.jwt = jwt;
  }

  private void requireServiceToken() {
    if (jwt.getAudience() == null || !jwt.getAudience().contains(SERVICE_AUDIENCE)) {
      throw new io.soa.platform.error.Forbidden(
          "only the gateway's service token (audience " + SERVICE_AUDIENCE + ") charges");
    }
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed("gateway")
  @SecurityRequirement(name = "jwt")
  @Operation(
      summary = "Charge one call against a voucher",
      description =
          "201 with the charge and the channel's totals; the same requestId again (the same"
              + " channel, model, feature and voucher) gives the same answer and charges nothing."
              + " Refusals are problem details: unknown-channel (404), feature-not-priced (404),"
              + " not-channel-payer (403: the caller is neither the channel's payer nor its"
              + " signer), bad-signature (403), not-covered (402, with how much more to sign),"
              + " price-above-cap (402: the price is above maxPrice), deposit-exceeded and"
              + " wrong-model (409), channel-closed and"
              + " channel-expiring (410), invalid-request (400). Needs a token of the group"
              + " 'gateway'.")
  @APIResponse(
      responseCode = "201",
      description = "Charged (or, for a repeated requestId, the first answer again)",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ChargeView.class)))
  @APIResponse(
      responseCode = "402",
      description = "The vouchers do not cover this call: sign one for amounts.required",
      content =
          @Content(
              mediaType = "application/problem+json",
              examples =
                  @ExampleObject(
                      name = "not-covered",
                      value =
                          "{\"type\": \"/problems#not-covered\", \"title\": \"Payment required\","
                              + " \"status\": 402, \"detail\": \"the channel's vouchers cover"
                              + " 3000000000000000 but 4500000000000000 would be charged with this"
                              + " call: sign a voucher for at least 4500000000000000 (cumulative),"
                              + " 1500000000000000 more\", \"instance\": \"/v1/charges\","
                              + " \"amounts\": {\"channelId\": \"42\", \"price\":"
                              + " \"1500000000000000\", \"charged\": \"3000000000000000\","
                              + " \"covered\": \"3000000000000000\", \"required\":"
                              + " \"4500000000000000\", \"missing\": \"1500000000000000\","
                              + " \"deposit\": \"100000000000000000\"}}")))
  @APIResponse(responseCode = "400", description = "Malformed body (problem details)")
  @APIResponse(responseCode = "401", description = "No valid bearer token")
  @APIResponse(responseCode = "403", description = "bad-signature, or not the gateway's token")
  @APIResponse(responseCode = "404", description = "unknown-channel or feature-not-priced")
  @APIResponse(
      responseCode = "409",
      description = "deposit-exceeded, wrong-model or request-id-reused")
  @APIResponse(responseCode = "410", description = "channel-closed or channel-expiring")
  public Uni<Response> charge(@Valid @NotNull ChargeRequest r) {
    requireServiceToken();
    CleanText.requireFields(r);
    byte[] signature = Numeric.hexStringToByteArray(r.signature());
    if (signature[64] == 0 || signature[64] == 1) {
      signature[64] += 27; // v as 0/1 (some wallets): stored as 27/28, as the contract's ECDSA
    }
    ChargeCommand c =
        new ChargeCommand(
            r.requestId(),
            new BigInteger(r.channelId()),
            new BigInteger(r.cumulativeAmount()),
            signature,
            new BigInteger(r.modelId()),
            r.feature().startsWith("0x")
                ? r.feature().toLowerCase()
                : Bytes32.featureKey(r.feature()),
            r.caller().toLowerCase(java.util.Locale.ROOT),
            new BigInteger(r.maxPrice()),
            io.soa.payment.service.Traces.current());
    return charges
        .charge(c)
        .map(
            res ->
                Response.created(URI.create("/v1/charges/" + res.charge().chargeId()))
                    .entity(ChargeView.of(res.charge(), res.deposit()))
                    .build());
  }

  @POST
  @Path("/{id}/release")
  @RolesAllowed("gateway")
  @SecurityRequirement(name = "jwt")
  @Operation(
      summary = "Release a charge whose call failed",
      description =
          "Its amount becomes credit for the channel's next call; releasing twice is once. Our"
              + " gateway does not call this: payment-service releases from its AccessGranted"
              + " event. It is here for gateways that do not publish soa.licensing.access.v1.")
  public Uni<ChargeView> release(
      @Parameter(schema = @Schema(maxLength = 78)) @PathParam("id") String id) {
    requireServiceToken();
    return releases.release(chargeId(id)).map(res -> ChargeView.of(res.charge(), res.deposit()));
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "A charge")
  public Uni<ChargeView> get(
      @Parameter(schema = @Schema(maxLength = 78)) @PathParam("id") String id) {
    return reports.charge(chargeId(id)).map(r -> ChargeView.of(r.charge(), r.deposit()));
  }

  private static UUID chargeId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new NotFound("charge", "with that id");
    }
  }
}
