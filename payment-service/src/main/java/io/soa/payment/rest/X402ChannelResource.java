package io.soa.payment.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.soa.payment.service.BatchRefunds;
import io.soa.payment.service.BatchServer;
import io.soa.payment.service.BatchSettler;
import io.soa.platform.error.Conflict;
import io.soa.platform.error.Invalid;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigInteger;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * x402 {@code batch-settlement} channels, kept here for the gateway (the scheme's resource server
 * side): a call's payment is begun (checked, its channel held, a deposit sent), then committed
 * (charged) once the model answered or aborted when it failed; refunds and claim rounds. Each needs
 * a token of the group gateway or operator (or facilitator).
 */
@Path("/v1/x402/channels")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("**")
@SecurityRequirement(name = "jwt")
public class X402ChannelResource {
  private static final Pattern CHANNEL = Pattern.compile("^0x[0-9a-f]{64}$");
  private static final Pattern REQUEST = Pattern.compile("^[A-Za-z0-9._:-]{1,160}$");
  private static final Pattern UINT = Pattern.compile("^(0|[1-9][0-9]{0,37})$");

  private final BatchServer server;
  private final BatchRefunds refunds;
  private final BatchSettler settler;
  private final JsonWebToken jwt;

  public X402ChannelResource(
      BatchServer server, BatchRefunds refunds, BatchSettler settler, JsonWebToken jwt) {
    this.server = server;
    this.refunds = refunds;
    this.settler = settler;
    this.jwt = jwt;
  }

  @POST
  @Path("/begin")
  @Operation(
      summary = "Check a batch-settlement payment for one call and hold its channel",
      description =
          "Body: paymentPayload, paymentRequirements (x402's), requestId (the call). ok true with"
              + " channelId, payer, amount, and for a deposit its transaction (sent and mined); ok"
              + " false with x402's error, and for invalid_batch_settlement_evm_cumulative_amount_"
              + "mismatch the channel's state and latest voucher (the corrective 402's).")
  public Uni<ObjectNode> begin(@NotNull JsonNode body) {
    X402Resource.allowed(jwt, "taking");
    objects(body);
    return server.begin(
        body.path("paymentPayload"), body.path("paymentRequirements"), request(body));
  }

  @POST
  @Path("/commit")
  @Operation(
      summary = "Charge the answered call that holds a channel",
      description =
          "Body: channelId, requestId, amount, network. x402's settle response for the client"
              + " (chargedAmount, channelState); 409 x402-channel-not-held when the call holds the"
              + " channel no more (its hold ran out).")
  @APIResponse(responseCode = "409", description = "x402-channel-not-held")
  public Uni<ObjectNode> commit(@NotNull JsonNode body) {
    X402Resource.allowed(jwt, "charging");
    String amount = body.path("amount").asText("");
    if (!UINT.matcher(amount).matches()) {
      throw Invalid.field("amount", "must be a decimal amount of base units");
    }
    return server
        .commit(
            channel(body), request(body), new BigInteger(amount), body.path("network").asText(""))
        .map(
            r ->
                r.orElseThrow(
                    () ->
                        new Conflict(
                            "x402-channel-not-held",
                            "Channel not held",
                            "this call holds the channel no more: it was not charged",
                            java.util.List.of())));
  }

  @POST
  @Path("/abort")
  @Operation(summary = "Let a channel go: its call was not answered and is not charged")
  public Uni<Map<String, Object>> abort(@NotNull JsonNode body) {
    X402Resource.allowed(jwt, "releasing");
    return server.abort(channel(body), request(body)).replaceWith(Map.of("released", true));
  }

  @POST
  @Path("/refund")
  @Operation(
      summary = "A cooperative refund of a channel",
      description =
          "Body: paymentPayload (type refund, its voucher exactly what was charged),"
              + " paymentRequirements, network. What was charged is claimed and settled to the"
              + " payee, then the amount asked for (all that is left when absent) goes back to the"
              + " payer: x402's settle response.")
  public Uni<ObjectNode> refund(@NotNull JsonNode body) {
    X402Resource.allowed(jwt, "refunding");
    objects(body);
    return refunds.refund(
        body.path("paymentPayload"),
        body.path("paymentRequirements"),
        body.path("network").asText(""));
  }

  @POST
  @Path("/claims")
  @Operation(
      summary = "Claim and settle now",
      description =
          "Claims every channel charged beyond its claims (up to settle-batch-size) with one"
              + " ClaimBatch signature and settles their payees, in one transaction: its hash, or"
              + " none when nothing was due. Rounds also run every x402-claim-interval.")
  public Uni<Map<String, Object>> claims() {
    X402Resource.allowed(jwt, "claiming");
    return settler.claimRound().map(tx -> Map.of("transaction", tx.orElse("")));
  }

  private static void objects(JsonNode body) {
    if (body == null || !body.path("paymentPayload").isObject()) {
      throw Invalid.field("paymentPayload", "must be an object (x402's PaymentPayload)");
    }
    if (!body.path("paymentRequirements").isObject()) {
      throw Invalid.field("paymentRequirements", "must be an object (x402's PaymentRequirements)");
    }
  }

  private static String request(JsonNode body) {
    String r = body == null ? "" : body.path("requestId").asText("");
    if (!REQUEST.matcher(r).matches()) {
      throw Invalid.field("requestId", "must be 1 to 160 of A-Z a-z 0-9 . _ : -");
    }
    return r;
  }

  private static String channel(JsonNode body) {
    String c = body == null ? "" : body.path("channelId").asText("");
    if (!CHANNEL.matcher(c).matches()) {
      throw Invalid.field("channelId", "must be a channel id (0x + 64 lower-case hex digits)");
    }
    return c;
  }
}
