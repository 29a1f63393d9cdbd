package io.soa.payment;

import static io.restassured.RestAssured.given;
import static io.soa.payment.X402Fixture.PRICE;
import static io.soa.payment.X402Fixture.body;
import static io.soa.payment.X402Fixture.fresh;
import static io.soa.payment.X402Fixture.payTo;
import static io.soa.payment.X402Fixture.payer;
import static io.soa.payment.X402Fixture.sign;
import static io.soa.payment.X402Fixture.soa;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.soa.contracts.TransferAuthorizations.Authorization;
import io.soa.devchain.DevAccounts;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * payment-service settling x402 {@code exact} payments ({@code POST /v1/x402/settle}) on anvil: the
 * payer's $SOA moves to the payee once, by the settlement key's transaction, and every way to make
 * one payment move money twice (a replay, two requests racing) or to settle a bent one is refused
 * in x402's words. Runs in {@link ChargeApp}.
 */
@QuarkusTest
@TestProfile(ChargeApp.class)
class X402SettleTest {
  @BeforeAll
  static void fund() throws Exception {
    X402Fixture.start();
  }

  static JsonNode settle(JsonNode body) throws Exception {
    return X402Fixture.post("/v1/x402/settle", body, 200);
  }

  static BigInteger balance(String who) throws Exception {
    return soa(X402Fixture.admin).balanceOf(who).send();
  }

  @Test
  void aPaymentSettlesOnceFromTheSettlementKeyAndEveryWeiMoves() throws Exception {
    BigInteger payerBefore = balance(payer.getAddress());
    BigInteger payeeBefore = balance(payTo);
    Authorization a = fresh();
    JsonNode body = body(a, sign(a, payer));

    JsonNode s = settle(body);
    assertThat(s.path("success").asBoolean()).as(s.toString()).isTrue();
    assertThat(s.path("payer").asText()).isEqualTo(payer.getAddress());
    assertThat(s.path("network").asText()).isEqualTo(X402Fixture.network());
    assertThat(s.path("amount").asText()).isEqualTo(PRICE.toString());
    TransactionReceipt r =
        X402Fixture.web3j
            .ethGetTransactionReceipt(s.path("transaction").asText())
            .send()
            .getTransactionReceipt()
            .orElseThrow();
    assertThat(r.isStatusOK()).isTrue();
    assertThat(r.getFrom()).isEqualToIgnoringCase(DevAccounts.settlement().getAddress());
    assertThat(r.getTo()).isEqualToIgnoringCase(X402Fixture.token());
    assertThat(balance(payer.getAddress())).isEqualTo(payerBefore.subtract(PRICE));
    assertThat(balance(payTo)).isEqualTo(payeeBefore.add(PRICE));

    // the same payment again, by the same server or any other: no second transfer
    JsonNode replay = settle(body);
    assertThat(replay.path("success").asBoolean()).isFalse();
    assertThat(replay.path("errorReason").asText())
        .isEqualTo("invalid_exact_evm_nonce_already_used");
    assertThat(replay.path("transaction").asText()).isEmpty();
    assertThat(balance(payer.getAddress())).isEqualTo(payerBefore.subtract(PRICE));
    assertThat(balance(payTo)).isEqualTo(payeeBefore.add(PRICE));

    // a server that lost the answer asks how it went; only facilitators may, about real payments
    String nonce = org.web3j.utils.Numeric.toHexString(a.nonce());
    String at = "/v1/x402/settlements?payer=" + payer.getAddress() + "&nonce=" + nonce;
    given()
        .auth()
        .oauth2(PaymentFixture.gatewayToken())
        .get(at)
        .then()
        .statusCode(200)
        .body("state", equalTo("confirmed"))
        .body("transaction", equalTo(s.path("transaction").asText()))
        .body("payTo", equalTo(payTo.toLowerCase()))
        .body("amount", equalTo(PRICE.toString()));
    given()
        .auth()
        .oauth2(PaymentFixture.tokens().token(payer.getAddress()))
        .get(at)
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(PaymentFixture.gatewayToken())
        .get("/v1/x402/settlements?payer=" + payer.getAddress() + "&nonce=0x" + "00".repeat(32))
        .then()
        .statusCode(404)
        .body("type", equalTo("/problems#x402-settlement-unknown"));
    given()
        .auth()
        .oauth2(PaymentFixture.gatewayToken())
        .get("/v1/x402/settlements?payer=x&nonce=" + nonce)
        .then()
        .statusCode(400);
  }

  @Test
  void twoRequestsRacingWithOnePaymentSettleItOnce() throws Exception {
    BigInteger payeeBefore = balance(payTo);
    Authorization a = fresh();
    JsonNode body = body(a, sign(a, payer));
    List<CompletableFuture<JsonNode>> racing =
        List.of(1, 2, 3, 4).stream()
            .map(
                i ->
                    CompletableFuture.supplyAsync(
                        () -> {
                          try {
                            return settle(body);
                          } catch (Exception e) {
                            throw new IllegalStateException(e);
                          }
                        }))
            .toList();
    List<JsonNode> answers = racing.stream().map(CompletableFuture::join).toList();
    assertThat(answers.stream().filter(x -> x.path("success").asBoolean()).count())
        .as(answers.toString())
        .isEqualTo(1);
    assertThat(answers)
        .filteredOn(x -> !x.path("success").asBoolean())
        .allSatisfy(
            x ->
                assertThat(x.path("errorReason").asText())
                    .isEqualTo("invalid_exact_evm_nonce_already_used"));
    assertThat(balance(payTo)).isEqualTo(payeeBefore.add(PRICE));
  }

  @Test
  void aBentPaymentIsRefusedAndNothingIsSent() throws Exception {
    BigInteger payeeBefore = balance(payTo);
    Authorization a = fresh();
    Authorization raised =
        new Authorization(
            a.from(),
            a.to(),
            PRICE.add(BigInteger.ONE),
            a.validAfter(),
            a.validBefore(),
            a.nonce());
    JsonNode s = settle(body(raised, sign(a, payer)));
    assertThat(s.path("success").asBoolean()).isFalse();
    assertThat(s.path("errorReason").asText()).isEqualTo("invalid_exact_evm_payload_signature");
    assertThat(s.path("transaction").asText()).isEmpty();
    assertThat(balance(payTo)).isEqualTo(payeeBefore);
  }

  @Test
  void onlyFacilitatorsGatewaysAndOperatorsMaySettleAndAnyoneMayAskWhatIsSupported() {
    Authorization a = fresh();
    String body = body(a, sign(a, payer)).toString();
    given().contentType(ContentType.JSON).body(body).post("/v1/x402/settle").then().statusCode(401);
    given()
        .auth()
        .oauth2(PaymentFixture.tokens().token(payer.getAddress()))
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v1/x402/settle")
        .then()
        .statusCode(403)
        .body("type", equalTo("/problems#facilitator-not-allowed"));
    given()
        .get("/v1/x402/supported")
        .then()
        .statusCode(200)
        .body("kinds[0].x402Version", equalTo(2))
        .body("kinds[0].scheme", equalTo("exact"))
        .body("kinds[0].network", equalTo(X402Fixture.network()))
        .body(
            "signers.'eip155:*'[0]", equalTo(DevAccounts.settlement().getAddress().toLowerCase()));
  }
}
