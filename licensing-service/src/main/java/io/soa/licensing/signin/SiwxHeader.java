package io.soa.licensing.signin;

import com.fasterxml.jackson.databind.JsonNode;
import io.soa.events.EventCodec;
import io.soa.platform.error.Invalid;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * x402's {@code sign-in-with-x} header for EVM (base64 JSON of the SIWE fields the wallet signed
 * and its EIP-191 signature), turned back into the exact EIP-4361 text the official client's SIWE
 * library signed: the same lines in the same order, the address EIP-55, a statement followed by a
 * blank line, no statement by two.
 */
public record SiwxHeader(String text, byte[] signature) {
  private static final Pattern CHAIN = Pattern.compile("^eip155:([1-9][0-9]{0,17})$");
  private static final Pattern SIGNATURE = Pattern.compile("^0x[0-9a-fA-F]{130}$");
  private static final int MAX_LENGTH = 8192;

  /** The header's message and signature; {@link Invalid} (400) when it is not one. */
  public static SiwxHeader parse(String header) {
    if (header == null || header.length() > MAX_LENGTH) {
      throw bad("is missing or longer than 8 KiB");
    }
    JsonNode p;
    try {
      p = EventCodec.JSON.readTree(Base64.getDecoder().decode(header.strip()));
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw bad("is not base64 JSON");
    }
    if (p == null || !p.isObject()) {
      throw bad("is not a JSON object");
    }
    var chain = CHAIN.matcher(p.path("chainId").asText(""));
    if (!chain.matches() || !"eip191".equals(p.path("type").asText("eip191"))) {
      throw bad("is not for an EVM chain (eip155:<id>, eip191)");
    }
    String sig = p.path("signature").asText("");
    String address = p.path("address").asText("");
    if (!SIGNATURE.matcher(sig).matches() || !address.matches("^0x[0-9a-fA-F]{40}$")) {
      throw bad("has no address or 65-byte signature");
    }
    StringBuilder t = new StringBuilder();
    t.append(text(p, "domain")).append(" wants you to sign in with your Ethereum account:\n");
    t.append(Keys.toChecksumAddress(address)).append('\n');
    t.append(p.hasNonNull("statement") ? "\n" + p.get("statement").asText() + "\n\n" : "\n\n");
    List<String> lines = new ArrayList<>();
    lines.add("URI: " + text(p, "uri"));
    lines.add("Version: " + text(p, "version"));
    lines.add("Chain ID: " + chain.group(1));
    lines.add("Nonce: " + text(p, "nonce"));
    lines.add("Issued At: " + text(p, "issuedAt"));
    optional(p, "expirationTime", "Expiration Time: ", lines);
    optional(p, "notBefore", "Not Before: ", lines);
    optional(p, "requestId", "Request ID: ", lines);
    if (p.path("resources").isArray() && !p.path("resources").isEmpty()) {
      lines.add("Resources:");
      p.path("resources").forEach(r -> lines.add("- " + r.asText()));
    }
    t.append(String.join("\n", lines));
    return new SiwxHeader(t.toString(), Numeric.hexStringToByteArray(sig));
  }

  private static String text(JsonNode p, String field) {
    if (!p.path(field).isTextual() || p.path(field).asText().isEmpty()) {
      throw bad("has no " + field);
    }
    return p.get(field).asText();
  }

  private static void optional(JsonNode p, String field, String label, List<String> lines) {
    if (p.hasNonNull(field)) {
      lines.add(label + text(p, field));
    }
  }

  private static Invalid bad(String why) {
    return Invalid.field("sign-in-with-x", why);
  }
}
