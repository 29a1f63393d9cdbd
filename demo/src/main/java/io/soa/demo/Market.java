package io.soa.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.web3j.crypto.Hash;

/**
 * The demo model's licence terms and market through the catalog: the developer publishes each
 * tier's terms document under the digest the tier was created with, and after the sale and the
 * resale the demo prints the market as any client reads it.
 */
final class Market {
  private Market() {}

  static final String FULL_TERMS =
      "# SOA demo licence: every feature\n\n"
          + "Five calls of any feature of the OpenNLP demo model within seven days. Transferable;"
          + " a resale pays the model's owner its royalty.\n";

  static final String LANGUAGE_TERMS =
      "# SOA demo licence: language only\n\n"
          + "A thousand calls of detect-language within thirty days. Transferable.\n";

  /** keccak-256 of the document's UTF-8 bytes: the tier's {@code termsDigest}. */
  static byte[] digest(String terms) {
    return Hash.sha3(terms.getBytes(StandardCharsets.UTF_8));
  }

  static void publishTerms(Api api, String catalog, String id, String token, String... docs) {
    for (String doc : docs) {
      String url =
          catalog + "/v1/models/" + id + "/terms/0x" + HexFormat.of().formatHex(digest(doc));
      Api.Answer a = api.put(url, token, "text/markdown", doc.getBytes(StandardCharsets.UTF_8));
      if (a.status() != 201 && a.status() != 200) {
        throw new IllegalStateException("terms not published (" + a.status() + "): " + a.json());
      }
    }
  }

  /** Waits until the catalog shows {@code sales} sales of the model, then prints its market. */
  static void show(Api api, String catalog, String id, int sales, Consumer<String> out) {
    JsonNode m =
        api.await(
                catalog + "/v1/models/" + id + "/market",
                a -> a.status() == 200 && a.json().path("sales").size() >= sales,
                Duration.ofSeconds(60),
                "the model's sales in the catalog")
            .json();
    out.accept("  market, as the catalog shows it (" + catalog + "/v1/models/" + id + "/market):");
    for (JsonNode s : m.path("sales")) {
      out.accept(
          String.format(
              "    sold: %s %s for %s $SOA, %s -> %s, royalty %s, fee %s (block %d)",
              s.path("kind").asText(),
              s.path("tokenId").asText(),
              soa(s, "price"),
              s.path("seller").asText(),
              s.path("buyer").asText(),
              soa(s, "royalty"),
              soa(s, "fee"),
              s.path("blockNumber").asLong()));
    }
    JsonNode tiers =
        api.await(
                catalog + "/v1/models/" + id + "/tiers",
                a -> a.status() == 200 && a.json().size() > 0,
                Duration.ofSeconds(60),
                "the model's tiers in the catalog")
            .json();
    for (JsonNode t : tiers) {
      out.accept(
          String.format(
              "    tier %s: %s $SOA, %s calls, %s sold%s, terms %s",
              t.path("tierId").asText(),
              soa(t, "price"),
              t.path("callQuota").asText(),
              t.path("sold").asText(),
              t.path("supplyLeft").isNull() ? "" : " (" + t.path("supplyLeft").asText() + " left)",
              t.path("terms").asText()));
    }
  }

  private static String soa(JsonNode n, String field) {
    return Demo.soa(new BigInteger(n.path(field).asText("0")));
  }
}
