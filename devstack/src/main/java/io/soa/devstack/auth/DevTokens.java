package io.soa.devstack.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * The platform's signing key for local stacks and tests, and bearer tokens (RS256 JWTs whose
 * subject is an address) signed with it. Keys are made on first use and never committed: {@code
 * ./soa up} keeps them in {@code .soa/keys}, tests make a fresh pair per test class.
 */
public final class DevTokens {
  /** The {@code iss} every SOA service checks ({@code mp.jwt.verify.issuer}). */
  public static final String ISSUER = "soa";

  /** The {@code aud} every SOA service requires ({@code mp.jwt.verify.audiences}). */
  public static final String AUDIENCE = "soa";

  /** The {@code aud} of the gateway's service token: payment-service alone accepts it. */
  public static final String PAYMENT_AUDIENCE = "soa-payment";

  private final PrivateKey privateKey;
  private final String publicKeyPem;

  private DevTokens(PrivateKey privateKey, String publicKeyPem) {
    this.privateKey = privateKey;
    this.publicKeyPem = publicKeyPem;
  }

  /** A fresh RSA-2048 pair. */
  public static DevTokens generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      KeyPair kp = g.generateKeyPair();
      return new DevTokens(kp.getPrivate(), pem("PUBLIC KEY", kp.getPublic().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The pair in {@code dir} ({@code jwt-private.pem}, {@code jwt-public.pem}), made if absent. */
  public static DevTokens loadOrCreate(Path dir) {
    Path priv = dir.resolve("jwt-private.pem");
    Path pub = dir.resolve("jwt-public.pem");
    try {
      if (Files.exists(priv) && Files.exists(pub)) {
        return new DevTokens(privateKey(Files.readString(priv)), Files.readString(pub));
      }
      DevTokens t = generate();
      Files.createDirectories(dir);
      Files.writeString(pub, t.publicKeyPem);
      Files.writeString(priv, t.privateKeyPem());
      return t;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The gateway's Ed25519 key for signing forwarded calls ({@code gateway-signing.pem} in {@code
   * dir}, PKCS#8, made if absent): the same across restarts, so a model's cached JWKS stays valid.
   * A local stack's key, never a production one.
   */
  public static Path gatewaySigningKey(Path dir) {
    Path key = dir.resolve("gateway-signing.pem");
    try {
      if (!Files.exists(key)) {
        Files.createDirectories(dir);
        KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.writeString(key, pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  /** Signs with a private key in PEM (PKCS#8), e.g. one a test resource passed as config. */
  public static DevTokens fromPrivatePem(String privatePem) {
    return new DevTokens(privateKey(privatePem), null);
  }

  public String publicKeyPem() {
    return publicKeyPem;
  }

  public String privateKeyPem() {
    return pem("PRIVATE KEY", privateKey.getEncoded());
  }

  /** A token for {@code subject} valid for an hour. */
  public String token(String subject) {
    return token(subject, Duration.ofHours(1));
  }

  public String token(String subject, Duration ttl) {
    return token(subject, ttl, ISSUER);
  }

  /** A token with any issuer and lifetime (negative: already expired), for tests of rejection. */
  public String token(String subject, Duration ttl, String issuer) {
    return token(
        subject, ttl, issuer, AUDIENCE, java.util.List.of(), AlgorithmIdentifiers.RSA_USING_SHA256);
  }

  /**
   * A token of an operator ({@code groups: ["operator"]}), e.g. for the indexer's admin commands.
   */
  public String operatorToken(String subject) {
    return token(
        subject,
        Duration.ofMinutes(15),
        ISSUER,
        AUDIENCE,
        java.util.List.of("operator"),
        AlgorithmIdentifiers.RSA_USING_SHA256);
  }

  /**
   * The token licensing-service's gateway presents to payment-service ({@code groups: ["gateway"]},
   * audience {@value #PAYMENT_AUDIENCE}), valid {@code ttl} (at most the hour the platform
   * accepts): for tests, benches and chaos runs that charge as the gateway does.
   */
  public String gatewayToken(Duration ttl) {
    return token(
        "licensing-service",
        ttl,
        ISSUER,
        PAYMENT_AUDIENCE,
        java.util.List.of("gateway"),
        AlgorithmIdentifiers.RSA_USING_SHA256);
  }

  /**
   * A token with every claim chosen ({@code audience} null: none; {@code algorithm} a JWS algorithm
   * of this RSA key, e.g. RS512), for tests of what services refuse.
   */
  public String token(
      String subject,
      Duration ttl,
      String issuer,
      String audience,
      java.util.List<String> groups,
      String algorithm) {
    try {
      JwtClaims claims = new JwtClaims();
      claims.setIssuer(issuer);
      claims.setSubject(subject);
      if (audience != null) {
        claims.setAudience(audience);
      }
      if (!groups.isEmpty()) {
        claims.setStringListClaim("groups", groups);
      }
      // iat and exp from one reading of the clock: two readings across a second boundary made
      // a one-hour token 3,601 s long, which services (at most 3,600 s) refused now and then
      NumericDate now = NumericDate.now();
      NumericDate exp = NumericDate.fromSeconds(now.getValue() + ttl.toSeconds());
      claims.setIssuedAt(now);
      claims.setExpirationTime(exp);
      claims.setGeneratedJwtId();
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayload(claims.toJson());
      jws.setKey(privateKey);
      jws.setAlgorithmHeaderValue(algorithm);
      jws.setHeader("typ", "JWT");
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static PrivateKey privateKey(String pem) {
    String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an RSA private key in PKCS#8 PEM", e);
    }
  }
}
