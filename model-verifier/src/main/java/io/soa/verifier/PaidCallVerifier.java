package io.soa.verifier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a model server runs before it does any work: a call is paid only when the SOA gateway signed
 * it (RFC 9421, Ed25519, under {@link GatewaySigner#LABEL}, covering at least {@link
 * GatewaySigner#COVERED}), with a key of the gateway's JWKS, {@code created} within {@code maxAge}
 * (and not ahead of this clock by more than {@code skew}), a {@code nonce} not seen before in that
 * window, and a {@code Content-Digest} that is the body's. Anything else is refused with a reason;
 * a direct call, a replayed one or one whose body was changed never counts as paid.
 */
public final class PaidCallVerifier {
  /** The request as the model server received it. */
  public record Request(String method, String path, Function<String, String> header, byte[] body) {}

  /** A verified call: who paid, for what, and how (licence, voucher, ...). */
  public record PaidCall(
      String caller, String requestId, String model, String feature, String access) {}

  /** A call that is not a paid one; {@code reason} says why, for the model's logs and answer. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    Refused(String reason, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
    }

    /** unsigned, malformed, unknown-key, bad-signature, stale, replayed or digest-mismatch. */
    public String reason() {
      return reason;
    }
  }

  private final KeySource keys;
  private final Duration maxAge;
  private final Duration skew;
  private final Clock clock;
  private final Map<String, Long> seen = new ConcurrentHashMap<>();
  private volatile long nextSweep;

  public PaidCallVerifier(KeySource keys, Duration maxAge, Duration skew, Clock clock) {
    this.keys = keys;
    this.maxAge = maxAge;
    this.skew = skew;
    this.clock = clock;
  }

  /** A verifier of the gateway's JWKS at {@code jwksUrl}: 60 s old at most, 5 s of skew. */
  public static PaidCallVerifier forGateway(java.net.URI jwksUrl) {
    return new PaidCallVerifier(
        JwksKeys.fetchedFrom(jwksUrl),
        Duration.ofSeconds(60),
        Duration.ofSeconds(5),
        Clock.systemUTC());
  }

  /** The paid call {@code r} is, or {@link Refused}. */
  public PaidCall verify(Request r) {
    Map<String, String> inputs;
    Map<String, String> signatures;
    try {
      inputs = SignatureInput.members(r.header().apply("signature-input"));
      signatures = SignatureInput.members(r.header().apply("signature"));
    } catch (IllegalArgumentException e) {
      throw new Refused("malformed", "Signature-Input or Signature is not a dictionary");
    }
    String raw = inputs.get(GatewaySigner.LABEL);
    if (raw == null || !signatures.containsKey(GatewaySigner.LABEL)) {
      throw new Refused("unsigned", "the call carries no signature of the SOA gateway");
    }
    SignatureInput.Entry e;
    try {
      e = SignatureInput.entry(raw);
    } catch (IllegalArgumentException ex) {
      throw new Refused("malformed", "Signature-Input: " + ex.getMessage());
    }
    if (!e.components().containsAll(GatewaySigner.COVERED)
        || !"ed25519".equals(e.params().get("alg"))
        || !GatewaySigner.TAG.equals(e.params().get("tag"))
        || !(e.params().get("created") instanceof Long created)
        || !(e.params().get("nonce") instanceof String nonce)
        || !(e.params().get("keyid") instanceof String keyId)) {
      throw new Refused(
          "malformed", "the signature must cover " + GatewaySigner.COVERED + " with alg ed25519");
    }
    long now = clock.instant().getEpochSecond();
    if (created < now - maxAge.toSeconds() || created > now + skew.toSeconds()) {
      throw new Refused("stale", "the signature was made at " + created + ", now is " + now);
    }
    PublicKey key =
        keys.key(keyId).orElseThrow(() -> new Refused("unknown-key", "no gateway key " + keyId));
    String base;
    try {
      base =
          SignatureBase.of(
              new SignatureBase.Message(r.method(), r.path(), null, r.header()),
              e.components(),
              e.raw());
    } catch (IllegalArgumentException ex) {
      throw new Refused("malformed", ex.getMessage());
    }
    Optional<byte[]> sig = SignatureInput.bytes(signatures.get(GatewaySigner.LABEL));
    if (sig.isEmpty() || !valid(key, base, sig.get())) {
      throw new Refused("bad-signature", "the signature is not the gateway's over this request");
    }
    if (!ContentDigest.matches(r.header().apply("content-digest"), r.body())) {
      throw new Refused("digest-mismatch", "the body is not the one the gateway signed");
    }
    remember(nonce, created);
    return new PaidCall(
        r.header().apply(GatewaySigner.CALLER),
        r.header().apply(GatewaySigner.REQUEST_ID),
        r.header().apply(GatewaySigner.MODEL),
        r.header().apply(GatewaySigner.FEATURE),
        r.header().apply(GatewaySigner.ACCESS));
  }

  /** Records a nonce once; the same nonce again within the window is a replay. */
  private void remember(String nonce, long created) {
    long now = clock.instant().getEpochSecond();
    if (now >= nextSweep) { // forget what is past the window: the map holds one window of calls
      nextSweep = now + 1;
      seen.values().removeIf(at -> at < now - maxAge.toSeconds() - skew.toSeconds());
    }
    if (seen.putIfAbsent(nonce, created) != null) {
      throw new Refused("replayed", "this signed call was received before");
    }
  }

  private static boolean valid(PublicKey key, String base, byte[] signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(base.getBytes(StandardCharsets.UTF_8));
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
