package io.soa.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway's signatures against RFC 9421's own Ed25519 example, and a verifier that accepts a
 * signed call once and refuses every way to fake or reuse one.
 */
class PaidCallVerifierTest {
  // RFC 9421 Appendix B.1.4: the published test key "test-key-ed25519" (a test vector, not a
  // secret)
  static final String RFC_PRIVATE =
      "-----BEGIN PRIVATE KEY-----\n"
          + "MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n"
          + "-----END PRIVATE KEY-----";
  static final String RFC_PUBLIC =
      "-----BEGIN PUBLIC KEY-----\n"
          + "MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=\n"
          + "-----END PUBLIC KEY-----";

  static final long NOW = 1_765_000_000L;
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

  @Test
  void theSignatureBaseAndSignatureAreRfc9421sEd25519Example() {
    // RFC 9421 B.2.6: the test request, covering date, method, path, authority, type and length
    Map<String, String> fields =
        Map.of(
            "date", "Tue, 20 Apr 2021 02:07:55 GMT",
            "content-type", "application/json",
            "content-length", "18");
    List<String> covered =
        List.of("date", "@method", "@path", "@authority", "content-type", "content-length");
    String params =
        SignatureBase.params(
            covered,
            List.of(
                new SignatureBase.Param("created", 1618884473L),
                new SignatureBase.Param("keyid", "test-key-ed25519")));
    String base =
        SignatureBase.of(
            new SignatureBase.Message("POST", "/foo", "example.com", fields::get), covered, params);
    assertThat(base)
        .isEqualTo(
            """
            "date": Tue, 20 Apr 2021 02:07:55 GMT
            "@method": POST
            "@path": /foo
            "@authority": example.com
            "content-type": application/json
            "content-length": 18
            "@signature-params": ("date" "@method" "@path" "@authority" "content-type" \
            "content-length");created=1618884473;keyid="test-key-ed25519\"""");
    GatewaySigner rfc =
        new GatewaySigner(
            Ed25519Keys.privateKeyPem(RFC_PRIVATE), Ed25519Keys.publicKeyPem(RFC_PUBLIC));
    assertThat(Base64.getEncoder().encodeToString(rfc.sign(base)))
        .isEqualTo(
            "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==");
  }

  @Test
  void thePublicKeyIsDerivedFromThePrivateOne() {
    assertThat(Ed25519Keys.publicOf(Ed25519Keys.privateKeyPem(RFC_PRIVATE)).getEncoded())
        .isEqualTo(Ed25519Keys.publicKeyPem(RFC_PUBLIC).getEncoded());
  }

  @Test
  void theJwksNamesTheKeyByItsThumbprintAndRoundTrips() {
    GatewaySigner g = GatewaySigner.generate();
    assertThat(g.jwks()).contains("\"kty\":\"OKP\"", "\"crv\":\"Ed25519\"", g.keyId());
    assertThat(JwksKeys.of(g.jwks()).key(g.keyId())).isPresent();
    assertThat(JwksKeys.of(g.jwks()).key("someone-else")).isEmpty();
  }

  static final byte[] BODY = "{\"text\": \"Hi\"}".getBytes(StandardCharsets.UTF_8);

  /** A call as the gateway forwards it: its fields, then its signature headers. */
  static Map<String, String> signed(GatewaySigner g, byte[] body, long at) {
    Map<String, String> fields = new HashMap<>();
    fields.put(GatewaySigner.CALLER, "0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    fields.put(GatewaySigner.REQUEST_ID, "r-1");
    fields.put(GatewaySigner.MODEL, "7");
    fields.put(GatewaySigner.FEATURE, "tokens");
    fields.put(GatewaySigner.ACCESS, "voucher");
    Map<String, String> headers = new HashMap<>(fields);
    g.sign("POST", "/m/tokens", fields, body, at)
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    return headers;
  }

  static PaidCallVerifier.Request request(Map<String, String> headers, String path, byte[] body) {
    return new PaidCallVerifier.Request("POST", path, headers::get, body);
  }

  static PaidCallVerifier verifier(GatewaySigner g) {
    return new PaidCallVerifier(
        JwksKeys.of(g.jwks()), Duration.ofSeconds(60), Duration.ofSeconds(5), CLOCK);
  }

  @Test
  void aSignedCallIsPaidOnceAndItsReplayIsRefused() {
    GatewaySigner g = GatewaySigner.generate();
    PaidCallVerifier v = verifier(g);
    Map<String, String> h = signed(g, BODY, NOW);
    PaidCallVerifier.PaidCall call = v.verify(request(h, "/m/tokens", BODY));
    assertThat(call.caller()).isEqualTo("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    assertThat(call.access()).isEqualTo("voucher");
    assertThat(call.model()).isEqualTo("7");
    assertThat(reason(v, request(h, "/m/tokens", BODY))).isEqualTo("replayed");
  }

  @Test
  void everyAlterationOrOmissionIsRefused() {
    GatewaySigner g = GatewaySigner.generate();
    PaidCallVerifier v = verifier(g);
    assertThat(reason(v, request(Map.of(), "/m/tokens", BODY))).isEqualTo("unsigned");
    // another body, another path, another caller
    assertThat(reason(v, request(signed(g, BODY, NOW), "/m/tokens", "{}".getBytes())))
        .isEqualTo("digest-mismatch");
    assertThat(reason(v, request(signed(g, BODY, NOW), "/m/pos-tags", BODY)))
        .isEqualTo("bad-signature");
    Map<String, String> other = signed(g, BODY, NOW);
    other.put(GatewaySigner.CALLER, "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
    assertThat(reason(v, request(other, "/m/tokens", BODY))).isEqualTo("bad-signature");
    // a consistent digest of a new body does not help: the digest is signed
    Map<String, String> rebodied = signed(g, BODY, NOW);
    rebodied.put("content-digest", ContentDigest.of("{}".getBytes()));
    assertThat(reason(v, request(rebodied, "/m/tokens", "{}".getBytes())))
        .isEqualTo("bad-signature");
    // too old, from the future, from another key, covering less
    assertThat(reason(v, request(signed(g, BODY, NOW - 61), "/m/tokens", BODY))).isEqualTo("stale");
    assertThat(reason(v, request(signed(g, BODY, NOW + 6), "/m/tokens", BODY))).isEqualTo("stale");
    GatewaySigner stranger = GatewaySigner.generate();
    assertThat(reason(v, request(signed(stranger, BODY, NOW), "/m/tokens", BODY)))
        .isEqualTo("unknown-key");
    Map<String, String> less = signed(g, BODY, NOW);
    less.put("signature-input", less.get("signature-input").replace(" \"soa-access\"", ""));
    assertThat(reason(v, request(less, "/m/tokens", BODY))).isEqualTo("malformed");
    Map<String, String> garbage = signed(g, BODY, NOW);
    garbage.put("signature-input", "soa=(\"@method\";created=abc");
    assertThat(reason(v, request(garbage, "/m/tokens", BODY))).isEqualTo("malformed");
    // none of the refusals spent the genuine call's nonce
    Map<String, String> genuine = signed(g, BODY, NOW);
    assertThat(v.verify(request(genuine, "/m/tokens", BODY)).requestId()).isEqualTo("r-1");
  }

  static String reason(PaidCallVerifier v, PaidCallVerifier.Request r) {
    try {
      v.verify(r);
      return "accepted";
    } catch (PaidCallVerifier.Refused e) {
      return e.reason();
    }
  }

  @Test
  void aFieldWithALineBreakCannotForgeALineOfTheBase() {
    GatewaySigner g = GatewaySigner.generate();
    Map<String, String> h = signed(g, BODY, NOW);
    h.put(GatewaySigner.FEATURE, "tokens\n\"soa-access\": licence");
    assertThatThrownBy(() -> verifier(g).verify(request(h, "/m/tokens", BODY)))
        .isInstanceOf(PaidCallVerifier.Refused.class);
  }
}
