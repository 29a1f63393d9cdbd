package io.soa.catalog.rest;

import io.soa.platform.error.Forbidden;
import io.soa.platform.error.NotFound;
import io.soa.platform.problem.ProblemException;
import io.soa.platform.types.Address;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What the catalog's endpoints read from a request besides its body: caller, model id, If-Match.
 */
final class Requests {
  private Requests() {}

  /** The caller's address: the token's subject. */
  static String caller(JsonWebToken jwt) {
    String sub = jwt.getSubject();
    if (sub == null || !Address.isValid(sub)) {
      throw new Forbidden("the token's subject must be an address (0x followed by 40 hex digits)");
    }
    return Address.of(sub).value();
  }

  /** A model id from the path; anything but a UUID names no model. */
  static UUID modelId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new NotFound("model", id);
    }
  }

  /** The version an If-Match names; 428 when it is missing. */
  static long requireIfMatch(String ifMatch) {
    if (ifMatch == null) {
      throw new ProblemException(
          428,
          "if-match-required",
          "Precondition required",
          "send If-Match with the model's ETag (from GET) so concurrent changes are not lost");
    }
    return optionalIfMatch(ifMatch);
  }

  /** The version an If-Match names, or null without one. */
  static Long optionalIfMatch(String ifMatch) {
    if (ifMatch == null) {
      return null;
    }
    String v = ifMatch.strip();
    if (v.startsWith("W/")) {
      v = v.substring(2);
    }
    v = v.replace("\"", "");
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ProblemException(
          412,
          "stale-etag",
          "Precondition failed",
          "If-Match " + ifMatch + " is not an ETag of this API");
    }
  }
}
