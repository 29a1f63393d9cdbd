package io.soa.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.soa.events.EventCodec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The hostile values {@link ApiFuzzer} sends: path and query strings, cursors, wrong-typed bodies.
 */
final class HostileInputs {
  private HostileInputs() {}

  private static final ObjectMapper JSON = EventCodec.JSON; // the suite's one configuration

  /** Bodies with every property of the schema set to a value of the wrong type or with a NUL. */
  static List<String> wrongTypedBodies(JsonNode api, JsonNode schema) {
    List<String> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it =
            schema.path("properties").properties().iterator();
        it.hasNext(); ) {
      var p = it.next();
      JsonNode s = resolve(api, p.getValue());
      String type = s.path("type").asText("string");
      List<Object> wrong =
          switch (type) {
            case "string" ->
                List.of(12345, true, List.of("x"), Map.of("a", 1), "a\u0000b", "a\u0007b");
            case "integer", "number" ->
                List.of(
                    "abc", "1e999999", new java.math.BigInteger("9".repeat(400)), List.of(1), true);
            case "boolean" -> List.of("yes", 1, List.of());
            case "array" ->
                List.of("x", 5, Map.of("a", 1), java.util.Collections.nCopies(3, Map.of("zz", 1)));
            default -> List.of("x", 5, List.of());
          };
      for (Object w : wrong) {
        ObjectNode body = JSON.createObjectNode();
        body.set(p.getKey(), JSON.valueToTree(w));
        out.add(body.toString());
      }
    }
    return out;
  }

  static JsonNode resolve(JsonNode api, JsonNode schema) {
    if (schema == null || schema.isMissingNode()) {
      return null;
    }
    String ref = schema.path("$ref").asText(null);
    if (ref != null && ref.startsWith("#/")) {
      return resolve(api, api.at(ref.substring(1)));
    }
    if (schema.has("allOf") && schema.path("allOf").size() == 1) {
      return resolve(api, schema.path("allOf").get(0));
    }
    return schema;
  }

  /** Path and query values no API should trip over, already percent-encoded where needed. */
  static List<String> strings() {
    return List.of(
        "",
        "%00",
        "a%00b",
        "%07",
        "%FF%FE",
        "%C3%28",
        "..%2F..%2Fetc%2Fpasswd",
        "-1",
        "9".repeat(400),
        "1e999999",
        "NaN",
        "%27%20OR%201%3D1--",
        "%3Cscript%3E",
        enc("ü".repeat(500)),
        "x".repeat(8_000),
        "%20",
        enc("{\"$gt\": 0}"));
  }

  static String tamperedCursor() {
    return java.util.Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            "NEWEST\n'; DROP TABLE model; --\n00000000-0000-0000-0000-000000000000"
                .getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Values just past the bounds {@code schema} declares (percent-safe), none if it has none. */
  static java.util.List<String> pastBounds(JsonNode schema) {
    java.util.List<String> out = new java.util.ArrayList<>();
    if (schema == null) {
      return out;
    }
    if (schema.has("minimum")) {
      out.add(
          new java.math.BigDecimal(schema.get("minimum").asText())
              .subtract(java.math.BigDecimal.ONE)
              .toPlainString());
    }
    if (schema.has("maximum")) {
      out.add(
          new java.math.BigDecimal(schema.get("maximum").asText())
              .add(java.math.BigDecimal.ONE)
              .toPlainString());
    }
    if (schema.has("maxLength") && schema.get("maxLength").asInt() < 4096) {
      out.add("1".repeat(schema.get("maxLength").asInt() + 1));
    }
    return out;
  }

  /**
   * What bound {@code schema} fails to declare, if any: a number needs a minimum and a maximum, a
   * string a maxLength (or an enumeration), an array a maxItems.
   */
  static java.util.Optional<String> undeclaredBound(JsonNode schema) {
    if (schema == null) {
      return java.util.Optional.of("no schema");
    }
    String type = schema.path("type").asText("string");
    return switch (type) {
      case "integer", "number" ->
          schema.has("minimum") && schema.has("maximum")
              ? java.util.Optional.empty()
              : java.util.Optional.of(type + " without minimum and maximum");
      case "array" ->
          schema.has("maxItems")
              ? java.util.Optional.empty()
              : java.util.Optional.of("array without maxItems");
      case "boolean" -> java.util.Optional.empty();
      default ->
          schema.has("maxLength") || schema.has("enum")
              ? java.util.Optional.empty()
              : java.util.Optional.of(type + " without maxLength");
    };
  }

  static String expand(String template, java.util.Map<String, String> values) {
    String out = template;
    for (var e : values.entrySet()) {
      out = out.replace("{" + e.getKey() + "}", e.getValue());
    }
    return out;
  }

  static String preview(byte[] b) {
    String s = new String(b, 0, Math.min(b.length, 120), StandardCharsets.UTF_8);
    return s.replaceAll("\\p{Cntrl}", "?") + (b.length > 120 ? "...(" + b.length + " bytes)" : "");
  }
}
