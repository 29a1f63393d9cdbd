package io.soa.verifier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs each call the gateway forwards (RFC 9421, Ed25519): {@code Content-Digest} of the body (RFC
 * 9530), then {@code Signature-Input} and {@code Signature} under the label {@value #LABEL} over
 * {@link #COVERED}, with {@code created}, {@code keyid} (the key's RFC 7638 thumbprint), a random
 * {@code nonce} and {@code tag} {@value #TAG}. A model server checks them with {@link
 * PaidCallVerifier} against the gateway's JWKS.
 */
public final class GatewaySigner {
  public static final String LABEL = "soa";
  public static final String TAG = "soa-gateway";

  /** The request headers the gateway sets and signs, beside the body's digest. */
  public static final String CALLER = "soa-caller";

  public static final String REQUEST_ID = "soa-request-id";
  public static final String MODEL = "soa-model";
  public static final String FEATURE = "soa-feature";
  public static final String ACCESS = "soa-access";

  /** What every forwarded call's signature covers; a verifier refuses one that covers less. */
  public static final List<String> COVERED =
      List.of("@method", "@path", "content-digest", CALLER, REQUEST_ID, MODEL, FEATURE, ACCESS);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final PrivateKey key;
  private final PublicKey publicKey;
  private final String keyId;

  public GatewaySigner(PrivateKey key, PublicKey publicKey) {
    this.key = key;
    this.publicKey = publicKey;
    this.keyId = Ed25519Keys.thumbprint(publicKey);
  }

  /** A signer with a fresh key pair (one replica, or tests: its JWKS changes at every start). */
  public static GatewaySigner generate() {
    try {
      KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      return new GatewaySigner(kp.getPrivate(), kp.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  public String keyId() {
    return keyId;
  }

  /** The JWKS document that publishes the public key. */
  public String jwks() {
    return "{\"keys\":[" + Ed25519Keys.jwk(publicKey) + "]}";
  }

  /**
   * The headers to add to a request of {@code method} to {@code path} whose {@link #COVERED} fields
   * are {@code fields} (lower-case names) and whose body is {@code body}.
   */
  public Map<String, String> sign(
      String method, String path, Map<String, String> fields, byte[] body, long nowSeconds) {
    Map<String, String> all = new LinkedHashMap<>(fields);
    String digest = ContentDigest.of(body);
    all.put("content-digest", digest);
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String params =
        SignatureBase.params(
            COVERED,
            List.of(
                new SignatureBase.Param("created", nowSeconds),
                new SignatureBase.Param("keyid", keyId),
                new SignatureBase.Param("alg", "ed25519"),
                new SignatureBase.Param("nonce", Ed25519Keys.b64url(nonce)),
                new SignatureBase.Param("tag", TAG)));
    String base =
        SignatureBase.of(new SignatureBase.Message(method, path, null, all::get), COVERED, params);
    Map<String, String> out = new LinkedHashMap<>();
    out.put("Content-Digest", digest);
    out.put("Signature-Input", LABEL + "=" + params);
    out.put("Signature", LABEL + "=:" + Base64.getEncoder().encodeToString(sign(base)) + ":");
    return out;
  }

  byte[] sign(String base) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(base.getBytes(StandardCharsets.UTF_8));
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with the gateway's key", e);
    }
  }
}
