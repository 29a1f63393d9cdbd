package io.soa.licensing.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.soa.contracts.Payees;
import io.soa.contracts.TransferAuthorizations;
import io.soa.events.EventCodec;
import io.soa.licensing.entitlement.ModelContext;
import io.soa.licensing.signin.SignIn;
import io.soa.platform.chain.ChainContracts;
import io.soa.platform.types.Address;
import io.soa.platform.types.Bytes32;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the gateway offers x402 v2 clients (transport: HTTP headers, base64 JSON): per feature with
 * a price per call, one {@code exact} requirement that pays that price in $SOA (ERC-3009, its
 * EIP-712 domain in {@code extra}) to the model's payee ({@code ModelPayees.payeeOf}), which pays
 * whoever owns the model when it is released. No offer when the deployment names no $SOA or no
 * ModelPayees, or the feature has no price. The 402 also carries the {@code sign-in-with-x}
 * extension: a licence holder signs its challenge instead of paying ({@link
 * io.soa.licensing.signin.SignIn#signInX}).
 */
@ApplicationScoped
public class X402Offers {
  public static final String REQUIRED = "PAYMENT-REQUIRED";
  public static final String SIGNATURE = "PAYMENT-SIGNATURE";
  public static final String RESPONSE = "PAYMENT-RESPONSE";
  public static final String SIWX = "sign-in-with-x";
  static final String SIWX_STATEMENT = "Sign in to call this model with your licence";

  /** How long a payer's authorization must stay valid: the call and its settlement. */
  static final int MAX_TIMEOUT_SECONDS = 120;

  private static final Pattern BYTES32 = Pattern.compile("^0x[0-9a-fA-F]{64}$");

  private final ChainContracts chain;
  private final SignIn signIn;
  private final Payees payees; // null without ModelPayees
  private final String asset;

  public X402Offers(ChainContracts chain, SignIn signIn) {
    this.chain = chain;
    this.signIn = signIn;
    String at = chain.address("ModelPayees");
    this.payees = at.isEmpty() ? null : new Payees(at);
    this.asset = chain.address("SOAToken");
  }

  /** The {@code exact} requirement for {@code feature} of {@code m}; empty when not sold so. */
  public Optional<ObjectNode> offer(ModelContext m, String feature) {
    BigInteger price = m.prices().get(Bytes32.featureKey(feature));
    if (price == null || payees == null || asset.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode r = EventCodec.JSON.createObjectNode();
    r.put("scheme", "exact")
        .put("network", "eip155:" + chain.chainId())
        .put("amount", price.toString())
        .put("asset", asset)
        .put("payTo", payees.of(m.modelId()))
        .put("maxTimeoutSeconds", MAX_TIMEOUT_SECONDS);
    r.putObject("extra")
        .put("name", TransferAuthorizations.SOA_NAME)
        .put("version", TransferAuthorizations.SOA_VERSION);
    return Optional.of(r);
  }

  /**
   * The {@code PAYMENT-REQUIRED} header for a call of {@code feature} at {@code url}, with x402's
   * {@code error} (why the request was not paid for); empty when the feature is not sold so.
   */
  public Optional<String> required(ModelContext m, String feature, String url, String error) {
    return offer(m, feature)
        .map(
            offer -> {
              ObjectNode p = EventCodec.JSON.createObjectNode().put("x402Version", 2);
              p.put("error", error);
              p.putObject("resource")
                  .put("url", url)
                  .put("description", feature + " of model " + m.modelId() + ", one call")
                  .put("mimeType", "application/octet-stream");
              p.putArray("accepts").add(offer);
              siwx(p.putObject("extensions").putObject(SIWX), url);
              return encode(p);
            });
  }

  /** The sign-in-with-x challenge for the resource at {@code url}, on this service's origin. */
  private void siwx(ObjectNode ext, String url) {
    SignIn.Challenge c = signIn.challengeNow();
    java.net.URI origin = java.net.URI.create(c.uri()); // the resource, on this service's origin
    String uri =
        origin.getScheme()
            + "://"
            + origin.getRawAuthority()
            + java.net.URI.create(url).getRawPath();
    ObjectNode info = ext.putObject("info");
    info.put("domain", c.domain())
        .put("uri", uri)
        .put("version", "1")
        .put("nonce", c.nonce())
        .put("issuedAt", c.issuedAt().toInstant().toString())
        .put("expirationTime", c.expiresAt().toInstant().toString())
        .put("statement", SIWX_STATEMENT);
    info.putArray("resources").add(uri);
    ext.putArray("supportedChains")
        .addObject()
        .put("chainId", "eip155:" + c.chainId())
        .put("type", "eip191");
  }

  /** base64 of the JSON, as x402's HTTP transport carries it. */
  public static String encode(JsonNode json) {
    return Base64.getEncoder().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The payload of a {@code PAYMENT-SIGNATURE}; null when it is not base64 of a JSON object. */
  public static JsonNode decode(String header) {
    try {
      JsonNode n = EventCodec.JSON.readTree(Base64.getDecoder().decode(header.strip()));
      return n != null && n.isObject() ? n : null;
    } catch (IllegalArgumentException | java.io.IOException e) {
      return null;
    }
  }

  /** The payer a payload names (lower-case), or null when it names none. */
  public static String payer(JsonNode payload) {
    String from = payload.at("/payload/authorization/from").asText(null);
    return Address.isValid(from) ? Address.of(from).value() : null;
  }

  /**
   * The request id of a call paid by {@code payload}: its authorization's nonce, so one payment
   * names one call (sent again, it is that call again, never a second one); null without one.
   */
  public static String requestId(JsonNode payload) {
    String nonce = payload.at("/payload/authorization/nonce").asText("");
    return BYTES32.matcher(nonce).matches() ? "x402:" + nonce.toLowerCase(Locale.ROOT) : null;
  }
}
