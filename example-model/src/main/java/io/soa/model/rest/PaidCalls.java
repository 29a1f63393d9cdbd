package io.soa.model.rest;

import io.soa.model.config.ModelConfig;
import io.soa.verifier.JwksKeys;
import io.soa.verifier.PaidCallVerifier;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Only paid calls reach the model: every call of a feature must carry the SOA gateway's RFC 9421
 * signature ({@link PaidCallVerifier}, keys from the gateway's JWKS at {@code
 * soa.model.gateway-jwks-url}, or pinned in {@code soa.model.gateway-jwks}). An unsigned, stale,
 * replayed or altered call is refused with 401 before any work. With neither setting the model
 * takes every call (a model run on its own, outside a suite), and says so at start.
 */
@Singleton
public class PaidCalls {
  private static final Logger LOG = Logger.getLogger(PaidCalls.class);

  private final Optional<PaidCallVerifier> verifier;

  public PaidCalls(ModelConfig config) {
    Optional<URI> jwksUrl = config.gatewayJwksUrl();
    Optional<String> jwks = config.gatewayJwks();
    if (jwks.isPresent()) {
      verifier =
          Optional.of(
              new PaidCallVerifier(
                  JwksKeys.of(jwks.get()),
                  Duration.ofSeconds(60),
                  Duration.ofSeconds(5),
                  Clock.systemUTC()));
    } else {
      verifier = jwksUrl.map(PaidCallVerifier::forGateway);
    }
    if (verifier.isEmpty()) {
      LOG.warn(
          "soa.model.gateway-jwks-url is not set: every call is answered, paid or not (set it to"
              + " the gateway's /.well-known/jwks.json)");
    }
  }

  /** Runs before the feature's method, on its worker thread: the body is read and put back. */
  @ServerRequestFilter
  public Response verify(ContainerRequestContext ctx) {
    if (verifier.isEmpty() || !ctx.getUriInfo().getPath().startsWith("/m/")) {
      return null;
    }
    byte[] body;
    try {
      body = ctx.getEntityStream().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ctx.setEntityStream(new ByteArrayInputStream(body));
    try {
      verifier
          .get()
          .verify(
              new PaidCallVerifier.Request(
                  ctx.getMethod(),
                  ctx.getUriInfo().getRequestUri().getRawPath(),
                  name -> ctx.getHeaderString(name.toLowerCase(Locale.ROOT)),
                  body));
      return null;
    } catch (PaidCallVerifier.Refused e) {
      return Problems.problem(
          401,
          "unpaid-call",
          "Unpaid call",
          e.reason() + ": " + e.getMessage() + " (call it" + " through the SOA gateway)");
    }
  }
}
