package io.soa.platform.auth;

import io.smallrye.jwt.auth.principal.ParseException;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Tokens verified, by their exact text: any change to a token is another key and a full
 * verification, and a refused token is never remembered. A remembered token is answered only until
 * its {@code exp}, and for at most {@link #MAX_AGE_MS} after its verification, so a key rotation
 * takes effect within that time. Bounded: when full, it starts over.
 */
final class TokenMemory {
  static final long MAX_AGE_MS = 60_000;
  static final int MAX_ENTRIES = 4_096;

  /** The full verification. */
  interface Verifier {
    JsonWebToken verify(String token) throws ParseException;
  }

  private record Verified(JsonWebToken token, long until) {}

  private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

  JsonWebToken parse(String token, Verifier verifier) throws ParseException {
    long now = System.currentTimeMillis();
    Verified v = verified.get(token);
    if (v != null && now < v.until()) {
      return v.token();
    }
    JsonWebToken jwt = verifier.verify(token);
    long exp = jwt.getExpirationTime() * 1000; // exp is required: the verifier checked it
    if (verified.size() >= MAX_ENTRIES) {
      verified.clear(); // many distinct tokens (users, not gateways): start over, stay bounded
    }
    verified.put(token, new Verified(jwt, Math.min(exp, now + MAX_AGE_MS)));
    return jwt;
  }
}
