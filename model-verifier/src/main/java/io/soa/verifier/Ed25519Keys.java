package io.soa.verifier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys between the JDK's encodings and JWK (RFC 8037: {@code kty} OKP, {@code crv} Ed25519,
 * {@code x} the raw 32-byte key), and their RFC 7638 thumbprint, used as the key id.
 */
public final class Ed25519Keys {
  /** The SubjectPublicKeyInfo DER before the raw key (RFC 8410): the JDK's X.509 encoding. */
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private Ed25519Keys() {}

  /** The raw 32 bytes of an Ed25519 public key. */
  public static byte[] raw(PublicKey key) {
    byte[] der = key.getEncoded();
    if (der.length != SPKI_PREFIX.length + 32
        || !Arrays.equals(der, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
      throw new IllegalArgumentException("not an Ed25519 public key");
    }
    return Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length);
  }

  /** The public key of raw 32 bytes (a JWK's {@code x}). */
  public static PublicKey publicKey(byte[] raw) {
    if (raw.length != 32) {
      throw new IllegalArgumentException("an Ed25519 key is 32 bytes, not " + raw.length);
    }
    byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
    System.arraycopy(raw, 0, der, SPKI_PREFIX.length, 32);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key", e);
    }
  }

  /** A PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo). */
  public static PublicKey publicKeyPem(String pem) {
    return publicKey(raw(decodeSpki(pem)));
  }

  private static PublicKey decodeSpki(String pem) {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key", e);
    }
  }

  /** A PEM {@code PRIVATE KEY} (PKCS #8). */
  public static PrivateKey privateKeyPem(String pem) {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 private key (PKCS #8)", e);
    }
  }

  /**
   * The public half of an Ed25519 private key: the JDK's generator, handed the key's own seed as
   * its randomness, derives the same pair (RFC 8032 §5.1.5).
   */
  public static PublicKey publicOf(PrivateKey key) {
    byte[] seed =
        ((java.security.interfaces.EdECPrivateKey) key)
            .getBytes()
            .orElseThrow(() -> new IllegalArgumentException("the private key hides its bytes"));
    try {
      java.security.KeyPairGenerator gen = java.security.KeyPairGenerator.getInstance("Ed25519");
      gen.initialize(
          java.security.spec.NamedParameterSpec.ED25519,
          new java.security.SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
              System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
            }
          });
      return gen.generateKeyPair().getPublic();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  /** The public JWK of {@code key}, with its thumbprint as {@code kid}. */
  public static String jwk(PublicKey key) {
    return "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\""
        + b64url(raw(key))
        + "\",\"kid\":\""
        + thumbprint(key)
        + "\",\"alg\":\"EdDSA\",\"use\":\"sig\"}";
  }

  /** RFC 7638 thumbprint: SHA-256 of the required members in lexical order, base64url. */
  public static String thumbprint(PublicKey key) {
    String canonical = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + b64url(raw(key)) + "\"}";
    try {
      return b64url(
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String b64url(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static byte[] der(String pem, String label) {
    String body =
        pem.replace("-----BEGIN " + label + "-----", "")
            .replace("-----END " + label + "-----", "")
            .replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }
}
