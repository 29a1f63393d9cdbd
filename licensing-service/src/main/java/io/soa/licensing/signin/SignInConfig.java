package io.soa.licensing.signin;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What a Sign-In with Ethereum message must name to be accepted here (EIP-4361 binds it to the site
 * that asked for it and to one chain) and how long its parts live.
 */
@ApplicationScoped
public class SignInConfig {
  private final String domain;
  private final String uri;
  private final long chainId;
  private final Duration nonceTtl;
  private final Duration clockSkew;
  private final Duration tokenTtl;

  public SignInConfig(
      @ConfigProperty(name = "soa.siwe.domain") String domain,
      @ConfigProperty(name = "soa.siwe.uri") String uri,
      @ConfigProperty(name = "soa.chain.chain-id") long chainId,
      @ConfigProperty(name = "soa.siwe.nonce-ttl") Duration nonceTtl,
      @ConfigProperty(name = "soa.siwe.clock-skew") Duration clockSkew,
      @ConfigProperty(name = "soa.siwe.token-ttl") Duration tokenTtl) {
    this.domain = domain;
    this.uri = uri;
    this.chainId = chainId;
    this.nonceTtl = nonceTtl;
    this.clockSkew = clockSkew;
    this.tokenTtl = tokenTtl;
  }

  /** The authority ({@code host[:port]}) a message must be for. */
  public String domain() {
    return domain;
  }

  /** The URI a message must name (this service's sign-in endpoint as clients see it). */
  public String uri() {
    return uri;
  }

  public long chainId() {
    return chainId;
  }

  public Duration nonceTtl() {
    return nonceTtl;
  }

  /** How far a client's clock may be off for issued-at, not-before and expiration-time. */
  public Duration clockSkew() {
    return clockSkew;
  }

  /** The lifetime of the token a sign-in gets. */
  public Duration tokenTtl() {
    return tokenTtl;
  }
}
