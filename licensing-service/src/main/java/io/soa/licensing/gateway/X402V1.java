package io.soa.licensing.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.soa.events.EventCodec;
import java.util.Map;

/**
 * x402 v1 beside v2, for the {@code exact} scheme (the one v1 has): a v1 client reads the offer
 * from the 402's body ({@code x402Version: 1}, {@code accepts} with {@code maxAmountRequired} and
 * the resource's URL, networks by name), pays with {@code X-PAYMENT} (a payload without the
 * requirement it accepted: the server matches it by scheme and network) and reads {@code
 * X-PAYMENT-RESPONSE}. The gateway turns a v1 payment into v2's form against its own offer, so both
 * versions take one path and one payment pays one call.
 */
public final class X402V1 {
  public static final String PAYMENT = "X-PAYMENT";
  public static final String RESPONSE = "X-PAYMENT-RESPONSE";

  /** v1's names of the EVM networks it knows; any other chain is named by its CAIP-2 id. */
  private static final Map<Long, String> NAMES =
      Map.of(
          1L, "ethereum",
          11155111L, "sepolia",
          8453L, "base",
          84532L, "base-sepolia",
          137L, "polygon",
          80002L, "polygon-amoy",
          43114L, "avalanche",
          43113L, "avalanche-fuji");

  private X402V1() {}

  /** The v1 name of chain {@code chainId}. */
  public static String network(long chainId) {
    return NAMES.getOrDefault(chainId, "eip155:" + chainId);
  }

  /**
   * The v1 form of the v2 {@code exact} requirement {@code offer} for the resource at {@code url}.
   */
  static ObjectNode requirement(ObjectNode offer, long chainId, String url, String description) {
    ObjectNode r = EventCodec.JSON.createObjectNode();
    r.put("scheme", offer.path("scheme").asText())
        .put("network", network(chainId))
        .put("maxAmountRequired", offer.path("amount").asText())
        .put("resource", url)
        .put("description", description)
        .put("mimeType", "application/octet-stream")
        .put("payTo", offer.path("payTo").asText())
        .put("maxTimeoutSeconds", offer.path("maxTimeoutSeconds").asInt())
        .put("asset", offer.path("asset").asText());
    r.set("extra", offer.path("extra").deepCopy());
    return r;
  }

  /**
   * A v1 payment in the gateway's form: its scheme and network as what it accepted, its payload as
   * it is, and {@code x402Version} 1 kept so that the answer is in v1's header; null when it is not
   * a v1 payment of the {@code exact} scheme (the only one v1 has).
   */
  public static JsonNode payment(JsonNode v1) {
    if (v1 == null
        || v1.path("x402Version").asInt() != 1
        || !"exact".equals(v1.path("scheme").asText())
        || !v1.path("payload").isObject()) {
      return null;
    }
    ObjectNode p = EventCodec.JSON.createObjectNode().put("x402Version", 1);
    p.putObject("accepted")
        .put("scheme", v1.path("scheme").asText(""))
        .put("network", v1.path("network").asText(""));
    p.set("payload", v1.path("payload"));
    return p;
  }

  /** Whether {@code payment} (in the gateway's form) came as a v1 {@code X-PAYMENT}. */
  public static boolean isV1(JsonNode payment) {
    return payment != null && payment.path("x402Version").asInt() == 1;
  }

  /**
   * The v2 payload that pays {@code required}, for the facilitator: a v1 payment accepts the offer
   * whose scheme and network it names (else it names something not offered, refused as such).
   */
  static JsonNode asV2(JsonNode payment, ObjectNode required, long chainId) {
    if (!isV1(payment)) {
      return payment;
    }
    JsonNode said = payment.path("accepted");
    boolean matches =
        said.path("scheme").asText().equals(required.path("scheme").asText())
            && said.path("network").asText().equals(network(chainId));
    ObjectNode p = EventCodec.JSON.createObjectNode().put("x402Version", 2);
    p.set("accepted", matches ? required : said);
    p.set("payload", payment.path("payload"));
    return p;
  }
}
