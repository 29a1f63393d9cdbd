package io.soa.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.soa.contracts.Vouchers;
import io.soa.contracts.generated.ModelRegistry;
import io.soa.contracts.generated.SOAToken;
import io.soa.contracts.generated.UsageEscrow;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.deploy.Deployer;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * Pay-per-use end to end on the packaged services: a model tokenized and priced on anvil, a channel
 * opened from the payer's wallet; the indexer publishes it, payment-service mirrors it, charges
 * calls against vouchers, settles them by itself with claimBatch, and confirms through the
 * indexer's ChannelClaimed. The owner's $SOA grows by exactly what was charged less the fee, and
 * the reconciliation differs by 0 wei.
 */
class PayPerUseIT {
  static final BigInteger ONE = BigInteger.TEN.pow(18);
  static final BigInteger PRICE = ONE.divide(BigInteger.valueOf(200));
  static Suite suite;
  static String payments;

  @BeforeAll
  static void startSuite() {
    suite = Suite.shared();
    payments = suite.url("payment-service");
  }

  @Test
  void callsArePaidPerUseAndTheOwnerIsSettledToTheWei() throws Exception {
    Credentials owner = DevAccounts.account(1);
    Credentials payer = DevAccounts.account(3);
    SOAToken soa = suite.as(SOAToken.class, "SOAToken", DevAccounts.deployer());
    assertThat(soa.mint(payer.getAddress(), ONE.multiply(BigInteger.TEN)).send().isStatusOK())
        .isTrue();
    ModelRegistry registry = suite.as(ModelRegistry.class, "ModelRegistry", owner);
    byte[] catalogId = Hash.sha3(UUID.randomUUID().toString().getBytes()); // any 32 bytes
    BigInteger model =
        ModelRegistry.getModelTokenizedEvents(
                registry
                    .tokenize(catalogId, "https://c/pay", new byte[32], BigInteger.valueOf(500))
                    .send())
            .get(0)
            .modelId;
    assertThat(
            registry
                .setUsagePrice(model, Hash.sha3("tokens".getBytes()), PRICE)
                .send()
                .isStatusOK())
        .isTrue();
    String escrowAt = suite.stack.deployment().address("UsageEscrow");
    assertThat(
            suite.as(SOAToken.class, "SOAToken", payer).approve(escrowAt, ONE).send().isStatusOK())
        .isTrue();
    UsageEscrow escrow = suite.as(UsageEscrow.class, "UsageEscrow", payer);
    assertThat(escrow.deposit(ONE).send().isStatusOK()).isTrue();
    ECKeyPair signer = Keys.createEcKeyPair();
    BigInteger channel =
        UsageEscrow.getChannelOpenedEvents(
                escrow
                    .openChannel(
                        model,
                        ONE.divide(BigInteger.TEN),
                        BigInteger.valueOf(Instant.now().plusSeconds(86_400).getEpochSecond()),
                        "0x" + Keys.getAddress(signer))
                    .send())
            .get(0)
            .channelId;
    BigInteger before = soa.balanceOf(owner.getAddress()).send();

    // the indexer's events reach the payment-service's mirror
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> given().get(payments + "/v1/channels/" + channel).statusCode() == 200);
    long chainId = suite.stack.deployment().chainId();
    int calls = 12;
    for (int i = 1; i <= calls; i++) {
      BigInteger cumulative = PRICE.multiply(BigInteger.valueOf(i));
      String body =
          """
          {"requestId": "e2e-%s", "channelId": "%s", "cumulativeAmount": "%s", "signature": "%s",
           "modelId": "%s", "feature": "tokens", "caller": "%s", "maxPrice": "%s"}"""
              .formatted(
                  UUID.randomUUID(),
                  channel,
                  cumulative,
                  Numeric.toHexString(
                      Vouchers.sign(chainId, escrowAt, channel, cumulative, signer)),
                  model,
                  payer.getAddress(),
                  PRICE);
      // the price may reach the mirror a moment after the channel: retry until it has it
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  given()
                          .auth()
                          .oauth2(suite.gatewayToken())
                          .contentType(ContentType.JSON)
                          .body(body)
                          .post(payments + "/v1/charges")
                          .statusCode()
                      == 201);
    }
    BigInteger charged = PRICE.multiply(BigInteger.valueOf(calls));
    // settle now (the settler would by itself after its max age), confirmed via the indexer
    suite.settleNow(owner, model, channel, charged); // as the model's owner
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                given()
                    .get(payments + "/v1/reconciliation")
                    .then()
                    .body("differenceWei", equalTo("0"))
                    .body("overClaimedChannels", equalTo(0))
                    .body("ledgerBalance", equalTo("0")));
    BigInteger fee =
        charged
            .multiply(BigInteger.valueOf(Deployer.DEFAULT_FEE_BPS))
            .divide(BigInteger.valueOf(10_000));
    assertThat(soa.balanceOf(owner.getAddress()).send().subtract(before))
        .isEqualTo(charged.subtract(fee));
  }
}
