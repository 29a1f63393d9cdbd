package io.soa.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A refusal or failure of the suite, typed by its RFC 9457 problem: the HTTP status, the problem's
 * type (its slug, e.g. {@code no-entitlement}) and its detail, which says what to do. Unchecked: a
 * caller catches what it can act on and lets the rest through.
 */
public class SoaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;
  private final transient JsonNode problem;

  public SoaException(int status, String type, String detail, JsonNode problem) {
    super(type + " (" + status + "): " + detail);
    this.status = status;
    this.type = type;
    this.problem = problem;
  }

  /** From a problem details body ({@code application/problem+json}), or whatever was answered. */
  static SoaException of(int status, JsonNode body, String fallback) {
    if (body != null && body.hasNonNull("type")) {
      String type = body.path("type").asText();
      return new SoaException(
          status,
          type.substring(type.indexOf('#') + 1),
          body.path("detail").asText(body.path("title").asText(fallback)),
          body);
    }
    return new SoaException(status, "http-" + status, fallback, body);
  }

  /** The HTTP status; 0 when the service did not answer. */
  public int status() {
    return status;
  }

  /** The problem type's slug ({@code /problems#<slug>}), e.g. {@code quota-exhausted}. */
  public String type() {
    return type;
  }

  /** The whole problem body (its extension members too), or null when there was none. */
  public JsonNode problem() {
    return problem;
  }
}
