package io.soa.platform.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.soa.platform.error.FieldError;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}). {@code errors} names each
 * offending field so clients can show the error beside it. {@code type} is {@code /problems#slug}:
 * every service serves the list of types at {@code /problems} ({@code docs/problems.md}), so the
 * reference resolves against whichever service answered. {@code instance} is the request's path;
 * {@code amounts} (402 only) says how much is missing; {@code howToPay} (402 of the gateway) the
 * ways to pay; {@code outcome} what became of a call the problem is about.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    List<FieldError> errors,
    Map<String, String> amounts,
    Object howToPay,
    Map<String, Object> outcome,
    @JsonIgnore Map<String, Object> members) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** Where the problem types are described; each type is an anchor on that page. */
  public static final String TYPES = "/problems";

  public static Problem of(
      int status, String slug, String title, String detail, List<FieldError> errors) {
    return new Problem(
        TYPES + "#" + slug, title, status, detail, null, errors, null, null, null, null);
  }

  /** The slug of {@code type}: the anchor on the types page. */
  public String slug() {
    return type.substring(type.indexOf('#') + 1);
  }

  public Problem withInstance(String instance) {
    return new Problem(
        type, title, status, detail, instance, errors, amounts, howToPay, outcome, members);
  }

  /** An extension member: the amounts a 402 is about ($SOA base units, decimal strings). */
  public Problem withAmounts(Map<String, String> amounts) {
    return new Problem(
        type, title, status, detail, instance, errors, amounts, howToPay, outcome, members);
  }

  /**
   * An extension member: what happened to a call (the gateway's 409 request-already-answered: its
   * original status and payment; 502 model-failed: the model's status).
   */
  public Problem withOutcome(Map<String, Object> outcome) {
    return new Problem(
        type, title, status, detail, instance, errors, amounts, howToPay, outcome, members);
  }

  /**
   * Extension members of a protocol the body also speaks, at its top level (the gateway's 402: x402
   * v1's {@code x402Version}, {@code accepts} and {@code error}).
   */
  public Problem withMembers(Map<String, Object> members) {
    return new Problem(
        type, title, status, detail, instance, errors, amounts, howToPay, outcome, members);
  }

  @JsonAnyGetter
  Map<String, Object> topLevel() {
    return members == null ? Map.of() : members;
  }

  /** An extension member: how the caller can pay (402 of the access gateway). */
  public Problem withHowToPay(Object howToPay) {
    return new Problem(
        type, title, status, detail, instance, errors, amounts, howToPay, outcome, members);
  }
}
