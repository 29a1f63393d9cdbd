package io.soa.licensing.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.soa.licensing.gateway.BatchPath;
import io.soa.licensing.gateway.Call;
import io.soa.licensing.gateway.Gateway;
import io.soa.licensing.gateway.X402Offers;
import io.soa.platform.error.Invalid;
import io.soa.platform.openapi.SharedSchemas;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The gateway's URL of a feature read with GET, as x402's clients do: without a payment, the 402
 * that says how to pay; with a batch-settlement refund payload, the channel's cooperative refund.
 */
@Path("/v1/models/{modelId}/features/{feature}/invoke")
public class RefundResource {
  private final Gateway gateway;
  private final BatchPath batch;

  public RefundResource(Gateway gateway, BatchPath batch) {
    this.gateway = gateway;
    this.batch = batch;
  }

  @GET
  @PermitAll
  @Operation(
      summary = "x402: what a call costs, and a batch-settlement channel's cooperative refund",
      description =
          "Without PAYMENT-SIGNATURE: 402 with PAYMENT-REQUIRED (the exact and batch-settlement"
              + " offers for one call; x402's refund client probes with it). With a"
              + " batch-settlement payload of type refund (its voucher exactly what the channel"
              + " was charged; amount optional, all that is left when absent): what was charged"
              + " is claimed and settled to the model's payee, the rest goes back to the payer:"
              + " 200 with PAYMENT-RESPONSE (transaction, amount, channelState). Refused: 402 with"
              + " PAYMENT-RESPONSE saying why, or the corrective PAYMENT-REQUIRED (channelState,"
              + " voucherState) for a client out of step.")
  @APIResponse(responseCode = "200", description = "Refunded")
  @APIResponse(responseCode = "402", description = "x402-payment-invalid, no-entitlement")
  @APIResponse(responseCode = "400", description = "A payment that is no batch-settlement refund")
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<RestResponse<JsonNode>> refund(
      @Parameter(schema = @Schema(ref = SharedSchemas.UINT256)) @PathParam("modelId")
          String modelId,
      @Parameter(schema = @Schema(pattern = "^[a-z0-9][a-z0-9._-]{0,63}$", maxLength = 64))
          @PathParam("feature")
          String feature,
      @Parameter(
              description = "x402 v2 batch-settlement payload of type refund (base64 JSON)",
              schema = @Schema(maxLength = 8192))
          @HeaderParam("PAYMENT-SIGNATURE")
          String payment,
      @Context HttpServerRequest request) {
    InvokeResource.requirePath(modelId, feature);
    JsonNode paid = payment == null || payment.length() > 8192 ? null : X402Offers.decode(payment);
    if (payment != null
        && (paid == null
            || !X402Offers.batch(paid)
            || !"refund".equals(paid.at("/payload/type").asText())
            || X402Offers.payer(paid) == null)) {
      throw Invalid.field(
          "PAYMENT-SIGNATURE",
          "a GET carries only a batch-settlement refund; pay for a call with POST");
    }
    Call call =
        new Call(
            paid == null ? null : X402Offers.payer(paid),
            new BigInteger(modelId),
            feature,
            UUID.randomUUID().toString(),
            null,
            null,
            paid,
            request.absoluteURI(),
            HexFormat.of().formatHex(InvokeResource.sha256(new byte[0])),
            MultiMap.newInstance(request.headers()),
            Buffer.buffer(),
            0);
    if (paid == null) { // the probe: how to pay, never a call
      return gateway.invoke(call).map(r -> RestResponse.<JsonNode>status(500));
    }
    return batch
        .refund(call)
        .map(
            r ->
                RestResponse.ResponseBuilder.ok((JsonNode) r)
                    .header(X402Offers.RESPONSE, X402Offers.encode(r))
                    .build());
  }
}
