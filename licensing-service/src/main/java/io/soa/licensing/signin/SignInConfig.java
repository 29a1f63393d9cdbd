package io.soa.licensing.signin;

import io.smallrye.config.ConfigMapping;
import io.soa.platform.chain.ChainContracts;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * What a Sign-In with Ethereum message must name to be accepted here (EIP-4361 binds it to the site
 * that asked for it and to one chain) and how long its parts live.
 */
@ApplicationScoped
public class SignInConfig {
  /** The sign-in settings ({@code soa.siwe.*}). */
  @ConfigMapping(prefix = "soa.siwe")
  public interface Settings {
    /** The authority ({@code host[:port]}) a message must be for. */
    String domain();

    /** The URI a message must name (this service's sign-in endpoint as clients see it). */
    String uri();

    /** How long a nonce may wait for its sign-in. */
    Duration nonceTtl();

    /** How far a client's clock may be off for issued-at, not-before and expiration-time. */
    Duration clockSkew();

    /** The lifetime of the token a sign-in gets. */
    Duration tokenTtl();
  }

  private final Settings settings;
  private final long chainId;

  public SignInConfig(Settings settings, ChainContracts chain) {
    this.settings = settings;
    this.chainId = chain.chainId();
  }

  /** The authority ({@code host[:port]}) a message must be for. */
  public String domain() {
    return settings.domain();
  }

  /** The URI a message must name (this service's sign-in endpoint as clients see it). */
  public String uri() {
    return settings.uri();
  }

  /** The chain a message must name: the deployment's. */
  public long chainId() {
    return chainId;
  }

  public Duration nonceTtl() {
    return settings.nonceTtl();
  }

  /** How far a client's clock may be off for issued-at, not-before and expiration-time. */
  public Duration clockSkew() {
    return settings.clockSkew();
  }

  /** The lifetime of the token a sign-in gets. */
  public Duration tokenTtl() {
    return settings.tokenTtl();
  }
}
