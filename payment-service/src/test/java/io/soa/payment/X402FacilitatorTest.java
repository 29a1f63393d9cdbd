package io.soa.payment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.soa.contracts.TransferAuthorizations;
import io.soa.contracts.TransferAuthorizations.Authorization;
import io.soa.contracts.generated.SOAToken;
import io.soa.devchain.Chain;
import io.soa.devchain.RepoRoot;
import io.soa.events.EventCodec;
import io.soa.testing.SoaTestResource;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * payment-service as an x402 facilitator ({@code POST /v1/x402/verify}, scheme {@code exact}, $SOA)
 * against the deployed token on anvil: a valid payment passes, and every way a stranger could bend
 * one is refused in x402's words. The official npm client and {@code HTTPFacilitatorClient} get the
 * same answers. Shares ChargeTest's application (same resources).
 */
@QuarkusTest
@WithTestResource(
    value = SoaTestResource.class,
    initArgs = {
      @ResourceArg(name = "database", value = "payment_charge_test"),
      @ResourceArg(name = "chain", value = "true")
    })
class X402FacilitatorTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final BigInteger PRICE = new BigInteger("5000000000000000");
  private static final BigInteger N =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
  static Web3j web3j;
  static Credentials admin;
  static Credentials payer;
  static String payTo;

  @BeforeAll
  static void fund() throws Exception {
    web3j = Web3j.build(new HttpService(PaymentFixture.config("soa.chain.rpc-url")));
    admin = Credentials.create(PaymentFixture.config("soa.test.admin-key"));
    payer = Credentials.create(Keys.createEcKeyPair());
    payTo = Credentials.create(Keys.createEcKeyPair()).getAddress();
    soa(admin).mint(payer.getAddress(), PRICE.multiply(BigInteger.TEN)).send();
  }

  @AfterAll
  static void close() {
    web3j.shutdown();
  }

  static SOAToken soa(Credentials who) {
    return Chain.load(SOAToken.class, token(), web3j, who);
  }

  static String token() {
    return PaymentFixture.config("soa.chain.contracts.soa-token").toLowerCase();
  }

  static String network() {
    return "eip155:" + PaymentFixture.chainId();
  }

  static ObjectNode requirements() {
    ObjectNode r = EventCodec.JSON.createObjectNode();
    r.put("scheme", "exact").put("network", network()).put("amount", PRICE.toString());
    r.put("asset", token()).put("payTo", payTo).put("maxTimeoutSeconds", 60);
    r.putObject("extra").put("name", "SOA").put("version", "1");
    return r;
  }

  static Authorization authorization(String to, BigInteger value, long after, long before) {
    byte[] nonce = new byte[32];
    RANDOM.nextBytes(nonce);
    return new Authorization(
        payer.getAddress(),
        to,
        value,
        BigInteger.valueOf(after),
        BigInteger.valueOf(before),
        nonce);
  }

  static Authorization fresh() {
    long now = Instant.now().getEpochSecond();
    return authorization(payTo, PRICE, now - 60, now + 60);
  }

  static byte[] sign(Authorization a, Credentials by) {
    return new TransferAuthorizations("SOA", "1", PaymentFixture.chainId(), token())
        .sign(a, by.getEcKeyPair());
  }

  /** The body of POST /verify for {@code a} signed as {@code sig}, made for {@code accepted}. */
  static ObjectNode body(Authorization a, byte[] sig, ObjectNode accepted, ObjectNode required) {
    ObjectNode body = EventCodec.JSON.createObjectNode().put("x402Version", 2);
    ObjectNode payment = body.putObject("paymentPayload").put("x402Version", 2);
    payment.set("accepted", accepted);
    ObjectNode p = payment.putObject("payload").put("signature", Numeric.toHexString(sig));
    p.putObject("authorization")
        .put("from", a.from())
        .put("to", a.to())
        .put("value", a.value().toString())
        .put("validAfter", a.validAfter().toString())
        .put("validBefore", a.validBefore().toString())
        .put("nonce", Numeric.toHexString(a.nonce()));
    body.set("paymentRequirements", required);
    return body;
  }

  static ObjectNode body(Authorization a, byte[] sig) {
    return body(a, sig, requirements(), requirements());
  }

  static JsonNode verify(JsonNode body) throws Exception {
    String answer =
        given()
            .auth()
            .oauth2(PaymentFixture.gatewayToken())
            .contentType(ContentType.JSON)
            .body(body.toString())
            .post("/v1/x402/verify")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    return EventCodec.JSON.readTree(answer);
  }

  static void refused(JsonNode body, String reason) throws Exception {
    JsonNode v = verify(body);
    assertThat(v.path("isValid").asBoolean()).as(reason + ": " + v).isFalse();
    assertThat(v.path("invalidReason").asText()).isEqualTo(reason);
  }

  @Test
  void aValidPaymentPassesAndNamesItsPayer() throws Exception {
    Authorization a = fresh();
    JsonNode v = verify(body(a, sign(a, payer)));
    assertThat(v.path("isValid").asBoolean()).as(v.toString()).isTrue();
    assertThat(v.path("payer").asText()).isEqualTo(payer.getAddress());
    assertThat(v.has("invalidReason")).isFalse();
  }

  @Test
  void everyBentPaymentIsRefusedInX402sWords() throws Exception {
    long now = Instant.now().getEpochSecond();
    Authorization a = fresh();
    byte[] good = sign(a, payer);
    refused(
        body(a, sign(a, Credentials.create(Keys.createEcKeyPair()))),
        "invalid_exact_evm_payload_signature");
    Authorization raised =
        new Authorization(
            a.from(),
            a.to(),
            PRICE.add(BigInteger.ONE),
            a.validAfter(),
            a.validBefore(),
            a.nonce());
    refused(body(raised, good), "invalid_exact_evm_payload_signature"); // changed after signing
    Authorization less = authorization(payTo, PRICE.subtract(BigInteger.ONE), now - 60, now + 60);
    refused(
        body(less, sign(less, payer)), "invalid_exact_evm_payload_authorization_value_mismatch");
    Authorization elsewhere = authorization(admin.getAddress(), PRICE, now - 60, now + 60);
    refused(
        body(elsewhere, sign(elsewhere, payer)), "invalid_exact_evm_payload_recipient_mismatch");
    Authorization expiring = authorization(payTo, PRICE, now - 60, now + 2);
    refused(
        body(expiring, sign(expiring, payer)),
        "invalid_exact_evm_payload_authorization_valid_before");
    Authorization early = authorization(payTo, PRICE, now + 120, now + 600);
    refused(body(early, sign(early, payer)), "invalid_exact_evm_payload_authorization_valid_after");
    // the malleable twin (high s) of the good signature: the token would refuse it too
    byte[] twin = good.clone();
    byte[] s =
        Numeric.toBytesPadded(
            N.subtract(new BigInteger(1, java.util.Arrays.copyOfRange(good, 32, 64))), 32);
    System.arraycopy(s, 0, twin, 32, 32);
    twin[64] = (byte) (good[64] == 27 ? 28 : 27);
    refused(body(a, twin), "invalid_exact_evm_payload_signature");

    ObjectNode otherChain = requirements().put("network", "eip155:1");
    refused(body(a, good, otherChain, otherChain), "invalid_network");
    ObjectNode otherAsset = requirements().put("asset", payTo);
    refused(body(a, good, otherAsset, otherAsset), "invalid_payment_requirements");
    ObjectNode cheaper =
        requirements().put("amount", "1"); // the payload was made for another price
    refused(body(a, good, cheaper, requirements()), "invalid_payment_requirements");
    ObjectNode otherDomain = requirements();
    ((ObjectNode) otherDomain.get("extra")).put("version", "2");
    refused(body(a, good, otherDomain, otherDomain), "invalid_exact_evm_missing_eip712_domain");
    ObjectNode upto = requirements().put("scheme", "upto");
    refused(body(a, good, upto, upto), "unsupported_scheme");
    refused(body(a, good).put("x402Version", 1), "invalid_x402_version");
    ObjectNode noSig = body(a, good);
    ((ObjectNode) noSig.at("/paymentPayload/payload")).put("signature", "0xzz");
    refused(noSig, "invalid_payload");
    ObjectNode noNonce = body(a, good);
    ((ObjectNode) noNonce.at("/paymentPayload/payload/authorization")).put("nonce", "0x01");
    refused(noNonce, "invalid_payload");
    ObjectNode negative = body(a, good);
    ((ObjectNode) negative.at("/paymentPayload/payload/authorization")).put("value", "-1");
    refused(negative, "invalid_payload");
  }

  @Test
  void aSpentNonceAndAnEmptyWalletAreRefused() throws Exception {
    Authorization a = fresh();
    byte[] sig = sign(a, payer);
    assertThat(verify(body(a, sig)).path("isValid").asBoolean()).isTrue();
    // someone settles it first (any relayer may): the same payment is now a replay
    var receipt =
        soa(admin)
            .transferWithAuthorization(
                a.from(), a.to(), a.value(), a.validAfter(), a.validBefore(), a.nonce(), sig)
            .send();
    assertThat(receipt.isStatusOK()).isTrue();
    refused(body(a, sig), "invalid_exact_evm_nonce_already_used");

    Credentials empty = Credentials.create(Keys.createEcKeyPair());
    long now = Instant.now().getEpochSecond();
    byte[] nonce = new byte[32];
    RANDOM.nextBytes(nonce);
    Authorization broke =
        new Authorization(
            empty.getAddress(),
            payTo,
            PRICE,
            BigInteger.valueOf(now - 60),
            BigInteger.valueOf(now + 60),
            nonce);
    refused(body(broke, sign(broke, empty)), "insufficient_funds");
  }

  @Test
  void onlyFacilitatorsGatewaysAndOperatorsMayAsk() {
    Authorization a = fresh();
    String body = body(a, sign(a, payer)).toString();
    given().contentType(ContentType.JSON).body(body).post("/v1/x402/verify").then().statusCode(401);
    given()
        .auth()
        .oauth2(PaymentFixture.tokens().token(payer.getAddress()))
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v1/x402/verify")
        .then()
        .statusCode(403)
        .body("type", equalTo("/problems#facilitator-not-allowed"));
    given()
        .auth()
        .oauth2(PaymentFixture.gatewayToken())
        .contentType(ContentType.JSON)
        .body("[1, 2]")
        .post("/v1/x402/verify")
        .then()
        .statusCode(400);
    // not x402's request shape: a problem, not an answer in x402's words
    for (String bad :
        new String[] {
          "{\"x402Version\": 2}",
          "{\"x402Version\": 2, \"paymentPayload\": \"x\", \"paymentRequirements\": {}}",
          "{\"x402Version\": 2, \"paymentPayload\": {}, \"paymentRequirements\": {}, \"zz\": 1}"
        }) {
      given()
          .auth()
          .oauth2(PaymentFixture.gatewayToken())
          .contentType(ContentType.JSON)
          .body(bad)
          .post("/v1/x402/verify")
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
  }

  /** x402's own client signs; x402's own HTTPFacilitatorClient asks this service. */
  @Test
  void theOfficialFacilitatorClientGetsTheSameAnswers() throws Exception {
    String url =
        io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/v1/x402";
    Process p =
        new ProcessBuilder(
                "node",
                RepoRoot.find().resolve("payment-service/src/test/js/x402-verify.mjs").toString(),
                url,
                PaymentFixture.tokens().operatorToken("0x" + "0f".repeat(20)),
                requirements().toString(),
                Numeric.toHexStringWithPrefixZeroPadded(payer.getEcKeyPair().getPrivateKey(), 64))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    JsonNode r = EventCodec.JSON.readTree(out.strip().lines().reduce((x, y) -> y).orElse("{}"));
    System.out.println("x402 HTTPFacilitatorClient against payment-service: " + r);
    assertThat(r.path("verified").path("isValid").asBoolean()).as(r.toString()).isTrue();
    assertThat(r.path("verified").path("payer").asText()).isEqualToIgnoringCase(payer.getAddress());
    assertThat(r.path("tampered").path("isValid").asBoolean()).isFalse();
    assertThat(r.path("tampered").path("invalidReason").asText())
        .isEqualTo("invalid_exact_evm_payload_signature");
  }
}
