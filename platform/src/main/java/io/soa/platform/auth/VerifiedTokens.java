package io.soa.platform.auth;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Remembers bearer tokens already verified (see {@link TokenMemory}), so a service token presented
 * thousands of times a second (the gateway's, on every charge) has its RSA signature checked once,
 * not per request. Decorates the JWT parser that every service's token verification calls.
 */
@Decorator
@Priority(10)
public abstract class VerifiedTokens implements JWTParser {
  private final TokenMemory memory = new TokenMemory();

  @Inject @Delegate JWTParser delegate;

  @Override
  public JsonWebToken parse(String bearerToken) throws ParseException {
    return memory.parse(bearerToken, delegate::parse);
  }
}
