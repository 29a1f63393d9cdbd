package io.soa.verifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The signature base of RFC 9421 (HTTP Message Signatures, §2.5): one line per covered component,
 * {@code "name": value}, then {@code "@signature-params"} with the serialized parameters. The
 * gateway and every verifier build it here, so both sides sign and check the same bytes. Derived
 * components supported: {@code @method}, {@code @path}, {@code @authority}; any other name is a
 * header field (lower case, its value trimmed).
 */
public final class SignatureBase {
  /** A request as it is signed: method, path without the query, authority, header fields. */
  public record Message(
      String method, String path, String authority, Function<String, String> field) {}

  private SignatureBase() {}

  /**
   * The base for {@code components} of {@code m}, ending with {@code params} (the serialized inner
   * list and parameters, exactly as in {@code Signature-Input}).
   *
   * @throws IllegalArgumentException when a covered component is absent from the message
   */
  public static String of(Message m, List<String> components, String params) {
    StringBuilder b = new StringBuilder();
    for (String c : components) {
      String value =
          switch (c) {
            case "@method" -> m.method().toUpperCase(Locale.ROOT);
            case "@path" -> m.path().isEmpty() ? "/" : m.path();
            case "@authority" ->
                m.authority() == null ? null : m.authority().toLowerCase(Locale.ROOT);
            default -> c.startsWith("@") ? null : m.field().apply(c);
          };
      if (value == null) {
        throw new IllegalArgumentException("the message has no " + c);
      }
      if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
        throw new IllegalArgumentException(c + " holds a line break");
      }
      b.append('"').append(c).append("\": ").append(value.strip()).append('\n');
    }
    return b.append("\"@signature-params\": ").append(params).toString();
  }

  /** The serialized signature parameters: the inner list, then each parameter in order. */
  public static String params(List<String> components, List<Param> parameters) {
    List<String> quoted = new ArrayList<>();
    components.forEach(c -> quoted.add('"' + c + '"'));
    StringBuilder b = new StringBuilder("(").append(String.join(" ", quoted)).append(')');
    for (Param p : parameters) {
      b.append(';').append(p.name()).append('=');
      b.append(p.value() instanceof Long ? p.value().toString() : '"' + p.value().toString() + '"');
    }
    return b.toString();
  }

  /** One signature parameter: an integer ({@code created}) or a string ({@code keyid}). */
  public record Param(String name, Object value) {}
}
