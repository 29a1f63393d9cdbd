package io.soa.verifier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The members of {@code Signature-Input} and {@code Signature} (RFC 8941 dictionaries) as far as a
 * verifier needs them: per label, the covered components, the parameters and the raw serialized
 * value (which is the {@code @signature-params} line of the base). Anything else is malformed.
 */
final class SignatureInput {
  /** One signature's declaration. */
  record Entry(List<String> components, Map<String, Object> params, String raw) {}

  private SignatureInput() {}

  /** The dictionary's members: label to raw value, split at top-level commas. */
  static Map<String, String> members(String field) {
    Map<String, String> out = new LinkedHashMap<>();
    if (field == null) {
      return out;
    }
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i <= field.length(); i++) {
      char c = i == field.length() ? ',' : field.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
        continue;
      }
      switch (c) {
        case '"' -> quoted = true;
        case '(' -> depth++;
        case ')' -> depth--;
        case ',' -> {
          if (depth == 0) {
            String m = field.substring(start, Math.min(i, field.length())).strip();
            int eq = m.indexOf('=');
            if (eq <= 0) {
              throw new IllegalArgumentException("a member without a value");
            }
            out.put(m.substring(0, eq), m.substring(eq + 1));
            start = i + 1;
          }
        }
        default -> {}
      }
    }
    if (depth != 0 || quoted) {
      throw new IllegalArgumentException("an open inner list or string");
    }
    return out;
  }

  /** Parses {@code raw}: {@code ("c1" "c2");p1=1;p2="v"}. */
  static Entry entry(String raw) {
    if (!raw.startsWith("(")) {
      throw new IllegalArgumentException("not an inner list");
    }
    int close = raw.indexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("an open inner list");
    }
    List<String> components = new ArrayList<>();
    for (String item : raw.substring(1, close).strip().split(" +")) {
      if (item.isEmpty()) {
        continue;
      }
      if (item.length() < 2 || !item.startsWith("\"") || !item.endsWith("\"")) {
        throw new IllegalArgumentException("a component that is not a string");
      }
      components.add(item.substring(1, item.length() - 1));
    }
    Map<String, Object> params = new LinkedHashMap<>();
    String rest = raw.substring(close + 1);
    while (!rest.isEmpty()) {
      if (rest.charAt(0) != ';') {
        throw new IllegalArgumentException("a parameter without ';'");
      }
      int eq = rest.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("a parameter without a value");
      }
      String name = rest.substring(1, eq);
      rest = rest.substring(eq + 1);
      if (rest.startsWith("\"")) {
        int end = rest.indexOf('"', 1);
        if (end < 0) {
          throw new IllegalArgumentException("an open string");
        }
        params.put(name, rest.substring(1, end));
        rest = rest.substring(end + 1);
      } else {
        int end = rest.indexOf(';');
        String v = end < 0 ? rest : rest.substring(0, end);
        if (!v.matches("-?\\d{1,15}")) {
          throw new IllegalArgumentException("a parameter that is neither integer nor string");
        }
        params.put(name, Long.parseLong(v));
        rest = end < 0 ? "" : rest.substring(end);
      }
    }
    return new Entry(components, params, raw);
  }

  /** The bytes of a {@code Signature} member: {@code :<base64>:}. */
  static Optional<byte[]> bytes(String member) {
    if (member == null || member.length() < 2 || !member.startsWith(":") || !member.endsWith(":")) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          java.util.Base64.getDecoder().decode(member.substring(1, member.length() - 1)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
