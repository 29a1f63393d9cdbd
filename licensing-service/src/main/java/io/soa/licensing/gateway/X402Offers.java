package io.soa.licensing.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.soa.contracts.Payees;
import io.soa.contracts.TransferAuthorizations;
import io.soa.events.EventCodec;
import io.soa.licensing.entitlement.ModelContext;
import io.soa.licensing.gateway.client.PaymentClient;
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

  /** A batch-settlement channel's timed withdrawal waits this long (claims run every 10 s). */
  static final int WITHDRAW_DELAY_SECONDS = 3600;

  public static final String BATCH = "batch-settlement";

  private static final Pattern BYTES32 = Pattern.compile("^0x[0-9a-fA-F]{64}$");

  private final ChainContracts chain;
  private final SignIn signIn;
  private final Payees payees; // null without ModelPayees
  private final String asset;
  private final boolean channels; // the deployment has x402's batch-settlement contracts
  private final PaymentClient payments;
  private volatile String authorizer; // the facilitator's receiverAuthorizer, once it said it
  private volatile long askAgainAt = Long.MIN_VALUE; // nanoTime before which not asked again
  private static final long ASK_AGAIN_NANOS = 1_000_000_000L;

  public X402Offers(ChainContracts chain, SignIn signIn, PaymentClient payments) {
    this.chain = chain;
    this.signIn = signIn;
    this.payments = payments;
    this.channels = !chain.address("X402BatchSettlement").isEmpty();
    String at = chain.address("ModelPayees");
    this.payees = at.isEmpty() ? null : new Payees(at);
    this.asset = chain.address("SOAToken");
  }

  /** The chain the offers are on. */
  public long chainId() {
    return chain.chainId();
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
   * The {@code batch-settlement} requirement for {@code feature} of {@code m}: the same price to
   * the same payee, from a channel whose claims and refunds the facilitator's settlement key
   * authorizes ({@code receiverAuthorizer}); empty when not sold so or that key is not known yet.
   */
  public Optional<ObjectNode> batchOffer(ModelContext m, String feature) {
    String by = authorizer;
    if (!channels || by == null) {
      return Optional.empty();
    }
    return offer(m, feature)
        .map(
            exact -> {
              ObjectNode r = exact.deepCopy().put("scheme", BATCH);
              ((ObjectNode) r.path("extra"))
                  .put("receiverAuthorizer", by)
                  .put("withdrawDelay", WITHDRAW_DELAY_SECONDS);
              return r;
            });
  }

  /**
   * The facilitator's receiver authorizer, asked of payment-service until it answers (then kept);
   * empty while it is not known (only {@code exact} is offered meanwhile).
   */
  public Uni<Optional<String>> authorizer() {
    long now = System.nanoTime();
    if (!channels || authorizer != null || now < askAgainAt) {
      return Uni.createFrom().item(Optional.ofNullable(authorizer));
    }
    askAgainAt = now + ASK_AGAIN_NANOS; // a 402 does not wait on payment-service every time
    return payments
        .x402Supported()
        .map(
            s -> {
              for (JsonNode k : s.path("kinds")) {
                String a = k.path("extra").path("receiverAuthorizer").asText("");
                if (BATCH.equals(k.path("scheme").asText()) && Address.isValid(a)) {
                  authorizer = Address.of(a).value();
                }
              }
              return Optional.ofNullable(authorizer);
            })
        .onFailure()
        .recoverWithItem(Optional.empty());
  }

  /**
   * The {@code PAYMENT-REQUIRED} header for a call of {@code feature} at {@code url}, with x402's
   * {@code error} (why the request was not paid for) and, for a batch-settlement channel out of
   * step, the {@code correction} (its channelState and voucherState) in that offer's extra; empty
   * when the feature is not sold so.
   */
  public Optional<String> required(
      ModelContext m, String feature, String url, String error, JsonNode correction) {
    return offer(m, feature)
        .map(
            offer -> {
              ObjectNode p = EventCodec.JSON.createObjectNode().put("x402Version", 2);
              p.put("error", error);
              p.putObject("resource")
                  .put("url", url)
                  .put("description", feature + " of model " + m.modelId() + ", one call")
                  .put("mimeType", "application/octet-stream");
              var accepts = p.putArray("accepts").add(offer);
              batchOffer(m, feature)
                  .ifPresent(
                      b -> {
                        if (correction != null) {
                          ObjectNode extra = (ObjectNode) b.path("extra");
                          for (String f : new String[] {"channelState", "voucherState"}) {
                            if (correction.has(f)) {
                              extra.set(f, correction.get(f));
                            }
                          }
                        }
                        accepts.add(b);
                      });
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

  /** Whether {@code payload} pays from a batch-settlement channel. */
  public static boolean batch(JsonNode payload) {
    return BATCH.equals(payload.at("/accepted/scheme").asText());
  }

  /** The payer a payload names (lower-case), or null when it names none. */
  public static String payer(JsonNode payload) {
    String from =
        payload
            .at(batch(payload) ? "/payload/channelConfig/payer" : "/payload/authorization/from")
            .asText(null);
    return Address.isValid(from) ? Address.of(from).value() : null;
  }

  /**
   * The request id of a call paid by {@code payload}, so one payment names one call (sent again, it
   * is that call again, never a second one): an authorization's nonce, or a channel's voucher (its
   * channel and cumulative amount, which only grows); null without one.
   */
  public static String requestId(JsonNode payload) {
    if (batch(payload)) {
      String channel = payload.at("/payload/voucher/channelId").asText("");
      String max = payload.at("/payload/voucher/maxClaimableAmount").asText("");
      return BYTES32.matcher(channel).matches() && max.matches("^(0|[1-9][0-9]{0,37})$")
          ? "x402b:" + channel.toLowerCase(Locale.ROOT) + ":" + max
          : null;
    }
    String nonce = payload.at("/payload/authorization/nonce").asText("");
    return BYTES32.matcher(nonce).matches() ? "x402:" + nonce.toLowerCase(Locale.ROOT) : null;
  }
}
