package io.soa.payment;

import static io.restassured.RestAssured.given;
import static io.soa.payment.X402Fixture.N;
import static io.soa.payment.X402Fixture.PRICE;
import static io.soa.payment.X402Fixture.RANDOM;
import static io.soa.payment.X402Fixture.admin;
import static io.soa.payment.X402Fixture.authorization;
import static io.soa.payment.X402Fixture.body;
import static io.soa.payment.X402Fixture.fresh;
import static io.soa.payment.X402Fixture.payTo;
import static io.soa.payment.X402Fixture.payer;
import static io.soa.payment.X402Fixture.requirements;
import static io.soa.payment.X402Fixture.sign;
import static io.soa.payment.X402Fixture.soa;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.soa.contracts.TransferAuthorizations.Authorization;
import io.soa.devchain.RepoRoot;
import io.soa.events.EventCodec;
import java.math.BigInteger;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * payment-service as an x402 facilitator ({@code POST /v1/x402/verify}, scheme {@code exact}, $SOA)
 * against the deployed token on anvil: a valid payment passes, and every way a stranger could bend
 * one is refused in x402's words. The official npm client and {@code HTTPFacilitatorClient} get the
 * same answers, and settle through us once (X402SettleTest has the rest of settlement). Runs in
 * {@link ChargeApp}.
 */
@QuarkusTest
@TestProfile(ChargeApp.class)
class X402FacilitatorTest {
  @BeforeAll
  static void fund() throws Exception {
    X402Fixture.start();
  }

  static JsonNode verify(JsonNode body) throws Exception {
    return X402Fixture.post("/v1/x402/verify", body, 200);
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

  /** x402's own client signs; x402's own HTTPFacilitatorClient verifies and settles with us. */
  @Test
  void theOfficialFacilitatorClientGetsTheSameAnswers() throws Exception {
    String url =
        io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/v1/x402";
    Process p =
        new ProcessBuilder(
                "node",
                RepoRoot.find()
                    .resolve("payment-service/src/test/js/x402-facilitator.mjs")
                    .toString(),
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
    assertThat(r.at("/supported/kinds/0/scheme").asText()).isEqualTo("exact");
    assertThat(r.at("/supported/kinds/0/network").asText()).isEqualTo(X402Fixture.network());
    JsonNode settled = r.path("settled");
    assertThat(settled.path("success").asBoolean()).as(settled.toString()).isTrue();
    assertThat(settled.path("transaction").asText()).matches("^0x[0-9a-f]{64}$");
    assertThat(settled.path("payer").asText()).isEqualToIgnoringCase(payer.getAddress());
    assertThat(r.path("replayed").path("success").asBoolean()).isFalse();
    assertThat(r.path("replayed").path("errorReason").asText())
        .isEqualTo("invalid_exact_evm_nonce_already_used");
  }
}
