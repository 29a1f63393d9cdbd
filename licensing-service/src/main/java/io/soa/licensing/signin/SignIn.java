package io.soa.licensing.signin;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.soa.licensing.signin.repository.NonceStore;
import io.soa.platform.crypto.EthSignatures;
import io.soa.platform.error.Unauthenticated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sign-In with Ethereum (EIP-4361): a single-use nonce, then a message the wallet signed with
 * {@code personal_sign} (EIP-191), checked field by field (domain and URI against this service's,
 * version 1, chain id, issued-at / not-before / expiration-time with a small clock skew, the signer
 * recovered with native secp256k1 equal to the message's address), and the nonce consumed last, so
 * a forged or mistimed message does not burn it. The answer is a platform JWT (subject: the
 * address, lower-case) that every service accepts, the catalog's writes included.
 */
@ApplicationScoped
public class SignIn {
  private static final Logger LOG = Logger.getLogger(SignIn.class);

  private final SignInConfig config;
  private final NonceStore nonces;
  private final SignedNonce signed;
  private final String issuer;
  private final String audience;

  public SignIn(
      SignInConfig config,
      NonceStore nonces,
      @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
      @ConfigProperty(name = "mp.jwt.verify.audiences") String audience) {
    this.config = config;
    this.nonces = nonces;
    this.signed = new SignedNonce(nonceSecret());
    this.issuer = issuer;
    this.audience = audience;
  }

  void start(@Observes StartupEvent ev, io.vertx.mutiny.core.Vertx vertx) {
    var cfg = org.eclipse.microprofile.config.ConfigProvider.getConfig();
    if (cfg.getOptionalValue("smallrye.jwt.sign.key", String.class).isEmpty()
        && cfg.getOptionalValue("smallrye.jwt.sign.key.location", String.class).isEmpty()) {
      // fail at start, not at the first sign-in: without the key no token can be issued
      throw new IllegalStateException(
          "no signing key for sign-in tokens: set SMALLRYE_JWT_SIGN_KEY_LOCATION to the"
              + " platform's private key (PEM)");
    }
    vertx.setPeriodic(
        60_000,
        60_000,
        id ->
            nonces
                .purge()
                .subscribe()
                .with(n -> {}, e -> LOG.warn("purging expired sign-in nonces failed", e)));
  }

  /** A nonce to put in the message, and what else the message must say to be accepted. */
  public record Challenge(
      String nonce,
      OffsetDateTime issuedAt,
      OffsetDateTime expiresAt,
      String domain,
      String uri,
      long chainId) {}

  /** A nonce signed here with its expiry: nothing is stored until a sign-in uses it. */
  public Uni<Challenge> challenge() {
    return Uni.createFrom().item(challengeNow());
  }

  /**
   * The nonces' HMAC secret, the same at every replica: {@code soa.siwe.nonce-secret}, else derived
   * from the platform's signing key that only this service holds.
   */
  private static byte[] nonceSecret() {
    var cfg = org.eclipse.microprofile.config.ConfigProvider.getConfig();
    java.util.Optional<String> given = cfg.getOptionalValue("soa.siwe.nonce-secret", String.class);
    if (given.isPresent()) {
      return given.get().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    java.util.Optional<String> inline = cfg.getOptionalValue("smallrye.jwt.sign.key", String.class);
    if (inline.isPresent()) {
      return inline.get().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    java.util.Optional<String> at =
        cfg.getOptionalValue("smallrye.jwt.sign.key.location", String.class);
    if (at.isEmpty()) {
      throw new IllegalStateException(
          "no signing key for sign-in tokens: set SMALLRYE_JWT_SIGN_KEY_LOCATION to the"
              + " platform's private key (PEM)");
    }
    try {
      java.nio.file.Path p = java.nio.file.Path.of(at.get().replaceFirst("^file:", ""));
      if (java.nio.file.Files.exists(p)) {
        return java.nio.file.Files.readAllBytes(p);
      }
      try (var in = SignIn.class.getClassLoader().getResourceAsStream(at.get())) {
        if (in == null) {
          throw new IllegalStateException("the signing key " + at.get() + " is not readable");
        }
        return in.readAllBytes();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read the signing key", e);
    }
  }

  /** A signed-in caller: who, and the token that says so until {@code expiresAt}. */
  public record Session(String address, String token, Instant expiresAt) {}

  public Uni<Session> signIn(String text, byte[] signature) {
    SiweMessage m = SiweMessage.parse(text);
    check(m, Instant.now(), true);
    return verified(text, m, signature).map(x -> session(m));
  }

  /**
   * A caller signed in for one request by x402's {@code sign-in-with-x} header (the challenge in a
   * 402's PAYMENT-REQUIRED: this service's domain, a resource of its origin, a nonce of ours): the
   * address that signed it. Each header is good for one request (its nonce is consumed).
   */
  public Uni<String> signInX(String header) {
    SiwxHeader x = SiwxHeader.parse(header);
    SiweMessage m = SiweMessage.parse(x.text());
    check(m, Instant.now(), false);
    return verified(x.text(), m, x.signature()).map(SiweMessage::subject);
  }

  /** A challenge now: no I/O, a signed nonce and the clock (a 402's sign-in-with-x too). */
  public Challenge challengeNow() {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    OffsetDateTime expires = now.plus(config.nonceTtl());
    String nonce = signed.issue(expires.toInstant());
    return new Challenge(nonce, now, expires, config.domain(), config.uri(), config.chainId());
  }

  /** The signature is the message's address's, and the nonce ours, unexpired and now used. */
  private Uni<SiweMessage> verified(String text, SiweMessage m, byte[] signature) {
    // recovery is CPU work (about 50 µs): off the event loop with the other blocking steps
    return Uni.createFrom()
        .item(() -> EthSignatures.recoverPersonal(text, signature))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .flatMap(
            signer -> {
              if (signer.isEmpty() || !signer.get().equals(m.subject())) {
                throw new Unauthenticated(
                    "siwe-bad-signature",
                    "the signature is not "
                        + m.address()
                        + "'s over exactly this message (EIP-191 personal_sign)");
              }
              Instant expiry =
                  signed
                      .expiry(m.nonce())
                      .orElseThrow(
                          () ->
                              new Unauthenticated(
                                  "siwe-nonce",
                                  "the nonce was not issued here: ask POST /v1/auth/nonce"));
              if (!expiry.isAfter(Instant.now())) {
                throw new Unauthenticated(
                    "siwe-nonce", "the nonce expired: ask POST /v1/auth/nonce for a new one");
              }
              return nonces.consume(m.nonce(), m.subject(), expiry.atOffset(ZoneOffset.UTC));
            })
        .map(
            first -> {
              if (!first) {
                throw new Unauthenticated(
                    "siwe-nonce", "the nonce was used already: a message signs in once");
              }
              return m;
            });
  }

  /** Every field the spec requires against this service's, before any signature work. */
  void check(SiweMessage m, Instant now, boolean signInUri) {
    if (!m.domain().equalsIgnoreCase(config.domain())) {
      throw new Unauthenticated(
          "siwe-wrong-domain",
          "the message is for " + m.domain() + "; sign one for " + config.domain());
    }
    // a sign-in names this service's URI; a sign-in-with-x names a resource of its origin
    if (signInUri ? !m.uri().equals(config.uri()) : !sameOrigin(m.uri(), config.uri())) {
      throw new Unauthenticated(
          "siwe-wrong-domain", "the message's URI is " + m.uri() + ", not of " + config.uri());
    }
    if (m.chainId() != config.chainId()) {
      throw new Unauthenticated(
          "siwe-wrong-chain",
          "the message is for chain " + m.chainId() + "; this suite runs on " + config.chainId());
    }
    Instant early = now.plus(config.clockSkew());
    Instant late = now.minus(config.clockSkew());
    if (m.issuedAt().isAfter(early)) {
      throw new Unauthenticated("siwe-expired", "the message is issued in the future");
    }
    if (m.notBefore().filter(nb -> nb.isAfter(early)).isPresent()) {
      throw new Unauthenticated("siwe-expired", "the message is not valid yet (Not Before)");
    }
    if (m.expirationTime().filter(exp -> !exp.isAfter(late)).isPresent()) {
      throw new Unauthenticated("siwe-expired", "the message has expired (Expiration Time)");
    }
  }

  private static boolean sameOrigin(String uri, String origin) {
    try {
      java.net.URI a = java.net.URI.create(uri);
      java.net.URI b = java.net.URI.create(origin);
      return a.getScheme() != null
          && a.getScheme().equalsIgnoreCase(b.getScheme())
          && a.getHost() != null
          && a.getHost().equalsIgnoreCase(b.getHost())
          && a.getPort() == b.getPort();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private Session session(SiweMessage m) {
    Instant now = Instant.now();
    Instant exp = now.plus(config.tokenTtl());
    Optional<Instant> until = m.expirationTime();
    if (until.isPresent() && until.get().isBefore(exp)) {
      exp = until.get(); // a session never outlives what the wallet agreed to
    }
    String token =
        Jwt.issuer(issuer)
            .audience(audience)
            .subject(m.subject())
            .upn(m.subject())
            .issuedAt(now)
            .expiresAt(exp)
            .claim("auth", "siwe")
            .sign();
    return new Session(m.subject(), token, exp);
  }
}
