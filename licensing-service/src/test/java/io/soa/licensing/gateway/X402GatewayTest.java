package io.soa.licensing.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.soa.contracts.Payees;
import io.soa.events.EventCodec;
import io.soa.licensing.Mirror;
import io.soa.testing.ModelUpstream;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's side of x402 v2 without a chain (GatewayTest's application: payment-service is
 * down): every 402 offers the call in PAYMENT-REQUIRED for the feature's price, in $SOA, to the
 * model's payee; a PAYMENT-SIGNATURE that is no payment is refused in x402's words, and one the
 * facilitator cannot verify never reaches the model. The paid path end to end, with x402's own
 * fetch client, is e2e's X402IT.
 */
@QuarkusTest
@TestProfile(GatewayApp.class)
class X402GatewayTest {
  static final long MODEL = 4021;
  static ModelUpstream upstream;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String kafka;

  @BeforeAll
  static void start() throws Exception {
    upstream = new ModelUpstream();
  }

  @AfterAll
  static void stop() {
    upstream.close();
  }

  void model() {
    new Mirror(kafka, GatewayTest.REGISTRY, GatewayTest.LICENSES)
        .model(MODEL, upstream.endpoint(), GatewayTest.FEATURES, "1000");
    GatewayTest.awaitModel(MODEL, 0);
  }

  static JsonNode decoded(Response r, String header) throws Exception {
    assertThat(r.header(header)).as(header + " of " + r.asString()).isNotNull();
    return EventCodec.JSON.readTree(Base64.getDecoder().decode(r.header(header)));
  }

  static Response anonymous(String payment) {
    var req = given().contentType(ContentType.JSON).body("{\"text\": \"Hi.\"}");
    if (payment != null) {
      req = req.header("PAYMENT-SIGNATURE", payment);
    }
    return req.post("/v1/models/" + MODEL + "/features/tokens/invoke");
  }

  /** The v1 form of the v2 payment {@code v2} (base64), naming {@code scheme}. */
  static String v1Payment(String v2, String scheme) throws Exception {
    JsonNode p = EventCodec.JSON.readTree(Base64.getDecoder().decode(v2));
    ObjectNode v1 = EventCodec.JSON.createObjectNode().put("x402Version", 1);
    v1.put("scheme", scheme).put("network", "eip155:31337");
    v1.set("payload", p.path("payload"));
    return v1.toString();
  }

  /** An x402 payload as the exact client makes it, for the offer, signed by no one real. */
  static String payment(JsonNode offer) {
    ObjectNode p = EventCodec.JSON.createObjectNode().put("x402Version", 2);
    p.set("accepted", offer);
    ObjectNode payload = p.putObject("payload").put("signature", "0x" + "11".repeat(65));
    payload
        .putObject("authorization")
        .put("from", GatewayTest.ALICE)
        .put("to", offer.path("payTo").asText())
        .put("value", offer.path("amount").asText())
        .put("validAfter", "0")
        .put("validBefore", "99999999999")
        .put("nonce", "0x" + "ab".repeat(32));
    return Base64.getEncoder().encodeToString(p.toString().getBytes());
  }

  @Test
  void every402OffersTheCallForItsPriceToTheModelsPayee() throws Exception {
    model();
    Response r = anonymous(null);
    assertThat(r.statusCode()).isEqualTo(402);
    assertThat(r.jsonPath().getString("type")).isEqualTo("/problems#no-entitlement");
    assertThat(r.jsonPath().getString("howToPay.x402Header")).startsWith("PAYMENT-SIGNATURE");
    JsonNode required = decoded(r, "PAYMENT-REQUIRED");
    assertThat(required.path("x402Version").asInt()).isEqualTo(2);
    assertThat(required.at("/resource/url").asText())
        .endsWith("/v1/models/" + MODEL + "/features/tokens/invoke");
    JsonNode offer = required.at("/accepts/0");
    assertThat(offer.path("scheme").asText()).isEqualTo("exact");
    assertThat(offer.path("network").asText()).isEqualTo("eip155:31337");
    assertThat(offer.path("amount").asText()).isEqualTo("1000");
    assertThat(offer.path("asset").asText()).isEqualTo(GatewayTest.SOA);
    assertThat(offer.path("payTo").asText())
        .isEqualTo(new Payees(GatewayTest.PAYEES).of(java.math.BigInteger.valueOf(MODEL)));
    assertThat(offer.at("/extra/name").asText()).isEqualTo("SOA");
    assertThat(offer.at("/extra/version").asText()).isEqualTo("1");
    // x402 v1's offer, in the body where a v1 client reads it: the same price to the same payee
    JsonNode body = EventCodec.JSON.readTree(r.asString());
    assertThat(body.path("x402Version").asInt()).isEqualTo(1);
    assertThat(body.path("error").asText()).isNotEmpty();
    JsonNode v1 = body.at("/accepts/0");
    assertThat(v1.path("scheme").asText()).isEqualTo("exact");
    assertThat(v1.path("network").asText()).isEqualTo("eip155:31337");
    assertThat(v1.path("maxAmountRequired").asText()).isEqualTo("1000");
    assertThat(v1.path("resource").asText()).isEqualTo(required.at("/resource/url").asText());
    assertThat(v1.path("payTo").asText()).isEqualTo(offer.path("payTo").asText());
    assertThat(v1.path("asset").asText()).isEqualTo(GatewayTest.SOA);
    assertThat(v1.path("extra")).isEqualTo(offer.path("extra"));
    assertThat(body.path("accepts")).hasSize(1); // v1 has no batch-settlement
    // a signed-in caller without a licence is offered the same
    Response signedIn = GatewayTest.call(GatewayTest.BOB, MODEL, "tokens");
    assertThat(signedIn.statusCode()).isEqualTo(402);
    assertThat(decoded(signedIn, "PAYMENT-REQUIRED").at("/accepts/0")).isEqualTo(offer);
  }

  /**
   * A browser's x402 client, on another origin, may send the payment and read the 402 and its
   * answer.
   */
  @Test
  void aBrowserOnAnotherOriginMayPayAndReadTheX402Headers() throws Exception {
    model();
    String url = "/v1/models/" + MODEL + "/features/tokens/invoke";
    Response preflight =
        io.restassured.RestAssured.given()
            .header("Origin", "https://agent.example")
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "payment-signature,content-type")
            .options(url);
    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.header("Access-Control-Allow-Origin")).isIn("*", "https://agent.example");
    assertThat(preflight.header("Access-Control-Allow-Headers").toLowerCase())
        .contains("payment-signature");
    Response r =
        io.restassured.RestAssured.given()
            .header("Origin", "https://agent.example")
            .contentType("application/json")
            .body("{}")
            .post(url);
    assertThat(r.statusCode()).isEqualTo(402);
    assertThat(r.header("Access-Control-Expose-Headers").toLowerCase())
        .contains("payment-required", "payment-response");
    assertThat(r.header("Access-Control-Allow-Credentials")).isNotEqualTo("true");
  }

  @Test
  void aPaymentSignatureThatIsNoPaymentIsRefusedInX402sWords() throws Exception {
    model();
    int before = upstream.calls();
    for (String bad :
        new String[] {
          "not base64!", Base64.getEncoder().encodeToString("[1]".getBytes()), "e30=" // {}
        }) {
      Response r = anonymous(bad);
      assertThat(r.statusCode()).as(bad).isEqualTo(402);
      assertThat(r.jsonPath().getString("type")).isEqualTo("/problems#x402-payment-invalid");
      assertThat(decoded(r, "PAYMENT-REQUIRED").path("error").asText())
          .isEqualTo("invalid_payload");
    }
    // a payment and a voucher at once: which one pays is not guessed
    String offerPayment = payment(decoded(anonymous(null), "PAYMENT-REQUIRED").at("/accepts/0"));
    given()
        .header("PAYMENT-SIGNATURE", offerPayment)
        .header("SOA-Voucher", "1:1000:0x" + "ab".repeat(65))
        .header("SOA-Max-Price", "1000")
        .post("/v1/models/" + MODEL + "/features/tokens/invoke")
        .then()
        .statusCode(400);
    // x402 v1's X-PAYMENT that is no v1 exact payment: refused in x402's words too
    String v1 = Base64.getEncoder().encodeToString(v1Payment(offerPayment, "exact").getBytes());
    for (String bad :
        new String[] {
          "not base64!",
          "e30=",
          offerPayment, // a v2 payload in v1's header
          Base64.getEncoder()
              .encodeToString(v1Payment(offerPayment, "batch-settlement").getBytes()) // not in v1
        }) {
      Response r =
          given()
              .contentType(ContentType.JSON)
              .body("{}")
              .header("X-PAYMENT", bad)
              .post("/v1/models/" + MODEL + "/features/tokens/invoke");
      assertThat(r.statusCode()).as(bad).isEqualTo(402);
      assertThat(r.jsonPath().getString("type")).isEqualTo("/problems#x402-payment-invalid");
      assertThat(r.jsonPath().getInt("x402Version")).isEqualTo(1);
    }
    // both versions at once: which one pays is not guessed
    given()
        .header("PAYMENT-SIGNATURE", offerPayment)
        .header("X-PAYMENT", v1)
        .post("/v1/models/" + MODEL + "/features/tokens/invoke")
        .then()
        .statusCode(400);
    // a v1 payment goes to the facilitator like a v2 one (down here): never to the model
    assertThat(
            given()
                .contentType(ContentType.JSON)
                .body("{\"text\": \"Hi.\"}")
                .header("X-PAYMENT", v1)
                .post("/v1/models/" + MODEL + "/features/tokens/invoke")
                .statusCode())
        .isEqualTo(503);
    // a voucher needs a signed-in caller
    given()
        .header("SOA-Voucher", "1:1000:0x" + "ab".repeat(65))
        .header("SOA-Max-Price", "1000")
        .post("/v1/models/" + MODEL + "/features/tokens/invoke")
        .then()
        .statusCode(401);
    assertThat(upstream.calls()).isEqualTo(before);
  }

  @Test
  void aPaymentTheFacilitatorCannotVerifyNeverReachesTheModel() throws Exception {
    model();
    int before = upstream.calls();
    String paid = payment(decoded(anonymous(null), "PAYMENT-REQUIRED").at("/accepts/0"));
    Response r = anonymous(paid);
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.jsonPath().getString("type")).isEqualTo("/problems#payment-unavailable");
    assertThat(upstream.calls()).isEqualTo(before);
    // the attempt ended: the same payment may be tried again, and is refused the same way
    assertThat(anonymous(paid).statusCode()).isEqualTo(503);
    assertThat(upstream.calls()).isEqualTo(before);
  }

  /** A holder's x402 client signs the 402's sign-in-with-x challenge: served on the licence. */
  @Test
  void aLicenceHolderSignsInWithXAndIsServedOnTheLicenceOnce() throws Exception {
    long model = 4022;
    Mirror m = new Mirror(kafka, GatewayTest.REGISTRY, GatewayTest.LICENSES);
    m.model(model, upstream.endpoint(), GatewayTest.FEATURES, "1000");
    m.tier(model, model * 10, 3, java.util.List.of());
    m.buy(model, model * 10, model * 100, GatewayTest.ALICE, 3, GatewayTest.inADay());
    GatewayTest.awaitModel(model, 1);
    GatewayTest.awaitLicence(GatewayTest.ALICE, model, Long.toString(model * 100));
    int before = upstream.calls();
    JsonNode r = siwx(model, ALICE_KEY);
    assertThat(r.path("signed").asBoolean()).as(r.toString()).isTrue();
    assertThat(r.path("status").asInt()).as(r.toString()).isEqualTo(200);
    assertThat(r.path("access").asText()).isEqualTo("licence");
    assertThat(r.path("licenseId").asText()).isEqualTo(Long.toString(model * 100));
    assertThat(upstream.calls()).isEqualTo(before + 1);
    // the same header again: its nonce signed in once
    assertThat(r.path("replayStatus").asInt()).isEqualTo(401);
    assertThat(r.at("/replay/type").asText()).isEqualTo("/problems#siwe-nonce");
    assertThat(GatewayTest.entitlement(GatewayTest.ALICE, model).getLong("[0].callsLeft"))
        .isEqualTo(2);
    // a stranger's signature proves who they are, and they hold no licence: still 402
    JsonNode stranger =
        siwx(
            model,
            org.web3j.utils.Numeric.toHexStringWithPrefixZeroPadded(
                org.web3j.crypto.Keys.createEcKeyPair().getPrivateKey(), 64));
    assertThat(stranger.path("status").asInt()).isEqualTo(402);
    assertThat(upstream.calls()).isEqualTo(before + 1);
  }

  /** anvil's well-known dev account 1 (ALICE): a local test key, public by design. */
  static final String ALICE_KEY =
      "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

  static JsonNode siwx(long model, String key) throws Exception {
    String url =
        io.restassured.RestAssured.baseURI
            + ":"
            + io.restassured.RestAssured.port
            + "/v1/models/"
            + model
            + "/features/tokens/invoke";
    return node("licensing-service/src/test/js/x402-siwx.mjs", url, key);
  }

  /** x402's own Bazaar client lists each priced feature with the offer its 402 makes. */
  @Test
  void theOfficialDiscoveryClientListsEveryPricedFeatureWithItsOffer() throws Exception {
    model();
    JsonNode listed =
        node(
            "licensing-service/src/test/js/x402-discovery.mjs",
            io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port);
    assertThat(listed.path("x402Version").asInt()).isEqualTo(2);
    String resource =
        io.restassured.RestAssured.baseURI
            + ":"
            + io.restassured.RestAssured.port
            + "/v1/models/"
            + MODEL
            + "/features/tokens/invoke";
    JsonNode item = null;
    for (JsonNode i : listed.path("items")) {
      if (i.path("resource").asText().equals(resource)) {
        item = i;
      }
    }
    assertThat(item).as("listed " + listed.at("/pagination")).isNotNull();
    assertThat(item.path("type").asText()).isEqualTo("http");
    assertThat(item.at("/accepts/0"))
        .isEqualTo(decoded(anonymous(null), "PAYMENT-REQUIRED").at("/accepts/0"));
    assertThat(listed.at("/pagination/total").asInt()).isGreaterThanOrEqualTo(1);
    // a page past the end is empty, and a bad limit is a problem, not a 5xx
    given().get("/v1/x402/discovery/resources?offset=999999").then().statusCode(200);
    given().get("/v1/x402/discovery/resources?limit=0").then().statusCode(400);
    given().get("/v1/x402/discovery/resources?limit=x").then().statusCode(400);
  }

  static JsonNode node(String script, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add("node");
    cmd.add(io.soa.devchain.RepoRoot.find().resolve(script).toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    JsonNode r = EventCodec.JSON.readTree(out.strip().lines().reduce((x, y) -> y).orElse("{}"));
    String shown = r.toString();
    System.out.println(script + ": " + shown.substring(0, Math.min(shown.length(), 800)));
    return r;
  }
}
