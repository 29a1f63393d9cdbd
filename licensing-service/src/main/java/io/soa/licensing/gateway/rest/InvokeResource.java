package io.soa.licensing.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.soa.licensing.entitlement.FeatureKeys;
import io.soa.licensing.gateway.Call;
import io.soa.licensing.gateway.Gateway;
import io.soa.licensing.gateway.X402Offers;
import io.soa.licensing.gateway.X402V1;
import io.soa.licensing.signin.SignIn;
import io.soa.platform.error.Invalid;
import io.soa.platform.error.NotFound;
import io.soa.platform.error.Unauthenticated;
import io.soa.platform.openapi.SharedSchemas;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.jboss.resteasy.reactive.RestMulti;

/** The access gateway: one endpoint in front of every model's features. */
@Path("/v1/models/{modelId}/features/{feature}/invoke")
@SecurityScheme(
    securitySchemeName = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT")
public class InvokeResource {
  private static final Pattern REQUEST_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,80}$");
  private static final Pattern UINT = io.soa.platform.types.Amount.DECIMAL;

  /** A model id and feature the gateway could serve; 404 for any other. */
  static void requirePath(String modelId, String feature) {
    if (!UINT.matcher(modelId).matches()) {
      throw new NotFound("model", "with that id");
    }
    if (!FeatureKeys.ID.matcher(feature).matches()) {
      throw new NotFound("feature", "with that id");
    }
  }

  static byte[] sha256(byte[] b) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A PAYMENT-SIGNATURE that is no x402 payment: refused with how to pay. */
  private static final JsonNode MISSING =
      com.fasterxml.jackson.databind.node.MissingNode.getInstance();

  private final Gateway gateway;
  private final CurrentIdentityAssociation identities;
  private final SignIn signIn;

  public InvokeResource(Gateway gateway, CurrentIdentityAssociation identities, SignIn signIn) {
    this.gateway = gateway;
    this.identities = identities;
    this.signIn = signIn;
  }

  @POST
  @PermitAll
  @SecurityRequirement(name = "bearer")
  @Operation(
      summary = "Call a feature of a model, paid by licence, by voucher or by x402",
      description =
          "With the sign-in token (POST /v1/auth/siwe). A licence of the caller for the model whose"
              + " tier covers the feature, not expired and with a call left, pays for the call"
              + " (one call of its quota). Else SOA-Voucher: <channelId>:<cumulativeAmount>:"
              + "<signature> pays the feature's on-chain price from a payment channel. Without a"
              + " token, PAYMENT-SIGNATURE (x402 v2, scheme exact) pays that price in $SOA to the"
              + " model's payee: verified before the call, settled after the model answered,"
              + " PAYMENT-RESPONSE on the answer. Else 402, with x402's PAYMENT-REQUIRED header"
              + " and a howToPay that lists the chain, the contracts, the price per call and the"
              + " tiers on sale. The body and content type go to the model's endpoint + /<feature>"
              + " unchanged, signed by the gateway (RFC 9421, keys at /.well-known/jwks.json);"
              + " the model's status and body come back (a 4xx too: the model did the work, it"
              + " is paid). When the model fails (5xx, unreachable, timeout) the caller gets"
              + " 502 model-failed (with the model's status, not its body) or 504 and pays"
              + " nothing: the quota, or the charge as credit on the channel. SOA-Request-Id"
              + " names one call: see its description.")
  @APIResponse(responseCode = "200", description = "The model's answer (its status, e.g. 200)")
  @APIResponse(
      responseCode = "402",
      description =
          "Not paid for: no-entitlement, feature-not-covered, licence-expired, quota-exhausted,"
              + " feature-not-priced, the voucher does not cover the call (not-covered), or the"
              + " price is above SOA-Max-Price (price-above-cap)",
      content =
          @Content(
              mediaType = "application/problem+json",
              examples =
                  @ExampleObject(
                      name = "no-entitlement",
                      value =
                          "{\"type\": \"/problems#no-entitlement\", \"title\": \"Payment"
                              + " required\", \"status\": 402, \"detail\": \"no licence of this"
                              + " model and no voucher (SOA-Voucher): see howToPay\","
                              + " \"instance\": \"/v1/models/7/features/pos-tags/invoke\","
                              + " \"amounts\": {\"pricePerCall\": \"1500000000000000\"},"
                              + " \"howToPay\": {\"chainId\": 31337, \"usageEscrow\":"
                              + " \"0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0\","
                              + " \"licenseToken\": \"0xe7f1725e7734ce288f8367e1bb143e90bb3f0512\","
                              + " \"modelId\": \"7\", \"feature\": \"pos-tags\", \"featureKey\":"
                              + " \"0x5d1a4c2b2c8c0d3e0d4d8a56a8f0b0b9c3d7f1e2a4b6c8d0e2f4a6b8c0d2e4f6\","
                              + " \"pricePerCall\": \"1500000000000000\", \"voucherHeader\":"
                              + " \"SOA-Voucher: <channelId>:<cumulativeAmount>:<EIP-712"
                              + " signature>\", \"tiers\": [{\"tierId\": \"3\", \"price\":"
                              + " \"50000000000000000000\", \"durationSeconds\": 2592000,"
                              + " \"callQuota\": 1000, \"supplyLeft\": 97, \"transferable\": true,"
                              + " \"termsDigest\": \"0x…\", \"features\": [\"tokens\","
                              + " \"pos-tags\"], \"featureKeys\": []}]}}")))
  @APIResponse(responseCode = "400", description = "A malformed SOA-Voucher or SOA-Request-Id")
  @APIResponse(responseCode = "401", description = "No valid sign-in token")
  @APIResponse(
      responseCode = "403",
      description =
          "bad-signature: the voucher is not the channel signer's; not-channel-payer: the caller"
              + " is neither the channel's payer nor its signer")
  @APIResponse(
      responseCode = "404",
      description = "The model or feature is unknown, or the channel (unknown-channel)")
  @APIResponse(
      responseCode = "409",
      description =
          "request-already-answered (with outcome: the first answer's status and payment),"
              + " request-in-progress, request-id-reused (the id named another model, feature or"
              + " body); deposit-exceeded, wrong-model (voucher path)")
  @APIResponse(
      responseCode = "410",
      description = "model-delisted, channel-closed, channel-expiring")
  @APIResponse(
      responseCode = "502",
      description =
          "The model failed (model-failed, outcome.modelStatus its 5xx) or could not be called:"
              + " endpoint-refused (its address may not be called), upstream-unreachable,"
              + " upstream-too-large, no-endpoint")
  @APIResponse(responseCode = "503", description = "payment-unavailable (voucher path)")
  @APIResponse(responseCode = "504", description = "upstream-timeout")
  @Produces(MediaType.APPLICATION_OCTET_STREAM) // the model's own type is passed on
  public RestMulti<byte[]> invoke(
      @Parameter(schema = @Schema(ref = SharedSchemas.UINT256)) @PathParam("modelId")
          String modelId,
      @Parameter(schema = @Schema(pattern = "^[a-z0-9][a-z0-9._-]{0,63}$", maxLength = 64))
          @PathParam("feature")
          String feature,
      @Parameter(
              description = "<channelId>:<cumulativeAmount>:<signature>",
              schema = @Schema(maxLength = 300))
          @HeaderParam("SOA-Voucher")
          String voucher,
      @Parameter(
              description =
                  "Your id for this call ([A-Za-z0-9._:-], at most 80): it names one call of this"
                      + " model's feature with this body. Sent again after the call was answered:"
                      + " 409 request-already-answered with its outcome (never forwarded or paid"
                      + " again); while it runs: 409 request-in-progress; after it failed (the"
                      + " model failed, or it was refused): a new paid attempt",
              schema = @Schema(pattern = "^[A-Za-z0-9._:-]{1,80}$", maxLength = 80))
          @HeaderParam("SOA-Request-Id")
          String requestId,
      @Parameter(
              description =
                  "Required with SOA-Voucher: the most you agree to pay for this call, in $SOA"
                      + " base units (decimal). A price above it is refused (402 price-above-cap),"
                      + " so a price raised after you signed ahead cannot take your credit",
              schema = @Schema(ref = SharedSchemas.UINT256))
          @HeaderParam("SOA-Max-Price")
          String maxPrice,
      @Parameter(
              description =
                  "An x402 v2 payment (base64 JSON PaymentPayload, scheme exact) for this call, as"
                      + " offered in PAYMENT-REQUIRED. Its authorization's nonce names the call:"
                      + " sent again, it is that call again (409 once answered), never paid twice",
              schema = @Schema(maxLength = 8192))
          @HeaderParam("PAYMENT-SIGNATURE")
          String payment,
      @Parameter(
              description =
                  "An x402 v1 payment (base64 JSON, scheme exact) for this call, as offered in the"
                      + " 402 body's accepts; answered with X-PAYMENT-RESPONSE. As PAYMENT-SIGNATURE"
                      + " otherwise, and never with it",
              schema = @Schema(maxLength = 8192))
          @HeaderParam(X402V1.PAYMENT)
          String v1Payment,
      @Parameter(
              description =
                  "x402's sign-in-with-x (base64 JSON), answering the challenge in a 402's"
                      + " PAYMENT-REQUIRED: signs the caller in for this one call, instead of a"
                      + " token, so a licence holder's x402 client is served on the licence",
              schema = @Schema(maxLength = 8192))
          @HeaderParam(X402Offers.SIWX)
          String siwx,
      @Context HttpServerRequest request,
      byte[] body) {
    requirePath(modelId, feature);
    if (requestId != null && !REQUEST_ID.matcher(requestId).matches()) {
      throw Invalid.field("SOA-Request-Id", "must be 1 to 80 of A-Z a-z 0-9 . _ : -");
    }
    if (maxPrice != null && !UINT.matcher(maxPrice).matches()) {
      throw Invalid.field("SOA-Max-Price", "must be a decimal amount of $SOA base units");
    }
    String sent = payment != null ? payment : v1Payment;
    boolean both = payment != null && v1Payment != null;
    if (sent != null && (voucher != null || sent.length() > 8192 || both)) {
      throw Invalid.field(
          payment != null ? "PAYMENT-SIGNATURE" : X402V1.PAYMENT,
          "one x402 payment (at most 8 KiB): PAYMENT-SIGNATURE (v2) or X-PAYMENT (v1), without"
              + " SOA-Voucher");
    }
    JsonNode paid =
        sent == null
            ? null
            : payment != null
                ? X402Offers.decode(payment)
                : X402V1.payment(X402Offers.decode(v1Payment));
    String paidId = paid == null ? null : X402Offers.requestId(paid);
    String payer = paid == null ? null : X402Offers.payer(paid);
    if (sent != null && (paidId == null || payer == null)) {
      paid = MISSING; // no x402 payment naming a payer and a nonce: refused with how to pay
    }
    if (voucher != null && maxPrice == null) {
      throw Invalid.field(
          "SOA-Max-Price",
          "is required with SOA-Voucher: the most you agree to pay for this call (base units)");
    }
    byte[] bytes = body == null ? new byte[0] : body;
    JsonNode x402 = paid;
    String url = request.absoluteURI();
    MultiMap incoming = MultiMap.newInstance(request.headers());
    // the sign-in token is read without blocking (authentication is lazy here): an x402 call
    // needs none, its payer is the caller
    Uni<String> signedIn =
        sent != null
            ? Uni.createFrom().item(payer)
            : siwx != null
                ? signIn.signInX(siwx)
                : identities
                    .getDeferredIdentity()
                    .map(
                        id ->
                            id.isAnonymous() || !(id.getPrincipal() instanceof JsonWebToken t)
                                ? null
                                : t.getSubject().toLowerCase(java.util.Locale.ROOT));
    Uni<Gateway.Result> result =
        signedIn.flatMap(
            caller -> {
              if (voucher != null && caller == null) {
                throw new Unauthenticated(
                    "unauthorized", "sign in (POST /v1/auth/siwe) to pay by voucher");
              }
              return gateway.invoke(
                  new Call(
                      x402 == MISSING ? null : caller,
                      new BigInteger(modelId),
                      feature,
                      paidId != null
                          ? paidId
                          : requestId == null ? UUID.randomUUID().toString() : requestId,
                      voucher,
                      maxPrice == null ? null : new BigInteger(maxPrice),
                      x402,
                      url,
                      HexFormat.of().formatHex(sha256(bytes)),
                      incoming,
                      Buffer.buffer(bytes),
                      0));
            });
    // the model's status and headers, then its body as it arrives; a refusal is a problem
    return RestMulti.fromUniResponse(
        result,
        r -> r.answer().body().map(Buffer::getBytes),
        r -> {
          Map<String, List<String>> headers = new LinkedHashMap<>();
          r.answer().headers().forEach((k, v) -> headers.put(k, List.of(v)));
          r.headers().forEach((k, v) -> headers.put(k, List.of(v)));
          return headers;
        },
        r -> r.answer().status());
  }
}
