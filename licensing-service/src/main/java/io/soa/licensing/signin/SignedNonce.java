package io.soa.licensing.signin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sign-in nonces that cost no row until they are used: a nonce is its expiry, 96 random bits and an
 * HMAC-SHA-256 tag over both (hex, 66 characters: EIP-4361 wants at least 8 alphanumerics), so the
 * service knows its own nonces and their expiry without storing them. Only a nonce consumed by a
 * sign-in is stored, until its expiry, so that it signs in once.
 */
public final class SignedNonce {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private final SecretKeySpec key;

  /** Keyed by a secret every replica shares (derived from the platform's signing key). */
  public SignedNonce(byte[] secret) {
    try {
      byte[] k =
          MessageDigest.getInstance("SHA-256")
              .digest(concat("soa-siwe-nonce:".getBytes(StandardCharsets.UTF_8), secret));
      this.key = new SecretKeySpec(k, "HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new nonce that expires at {@code expiresAt}. */
  public String issue(Instant expiresAt) {
    byte[] random = new byte[12];
    RANDOM.nextBytes(random);
    String body = String.format("%010x", expiresAt.getEpochSecond()) + HEX.formatHex(random);
    return body + tag(body);
  }

  /** The expiry of a nonce issued here, or empty for one that was not (forged or altered). */
  public Optional<Instant> expiry(String nonce) {
    if (nonce == null || nonce.length() != 66 || !nonce.matches("[0-9a-f]{66}")) {
      return Optional.empty();
    }
    String body = nonce.substring(0, 34);
    byte[] claimed = HEX.parseHex(nonce.substring(34));
    if (!MessageDigest.isEqual(claimed, HEX.parseHex(tag(body)))) {
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochSecond(Long.parseLong(body.substring(0, 10), 16)));
  }

  private String tag(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] full = mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
      return HEX.formatHex(full, 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
