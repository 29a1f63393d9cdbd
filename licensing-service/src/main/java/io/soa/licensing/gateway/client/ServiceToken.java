package io.soa.licensing.gateway.client;

import io.smallrye.jwt.build.Jwt;
import io.soa.licensing.gateway.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gateway's own token for payment-service (group {@code gateway}, the only group that may
 * charge), signed with the platform key like sign-in tokens but for payment-service's audience
 * alone ({@code soa-payment}: no other service accepts it); made again before it expires.
 */
@ApplicationScoped
public class ServiceToken {
  private static final Duration TTL = Duration.ofMinutes(15);
  private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

  private final String issuer;
  private final String audience;
  private final String subject;
  private volatile String token;
  private volatile Instant renewAt = Instant.MIN;

  public ServiceToken(
      @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
      GatewayConfig gateway,
      @ConfigProperty(name = "quarkus.application.name") String subject) {
    this.issuer = issuer;
    this.audience = gateway.paymentAudience();
    this.subject = subject;
  }

  public String bearer() {
    Instant now = Instant.now();
    if (now.isAfter(renewAt)) {
      token =
          Jwt.issuer(issuer)
              .audience(audience)
              .subject(subject)
              .groups("gateway")
              .issuedAt(now)
              .expiresAt(now.plus(TTL))
              .sign();
      renewAt = now.plus(TTL).minus(RENEW_BEFORE);
    }
    return token;
  }
}
