package io.soa.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.soa.contracts.Vouchers;
import io.soa.contracts.generated.LicenseToken;
import io.soa.contracts.generated.Marketplace;
import io.soa.contracts.generated.ModelRegistry;
import io.soa.contracts.generated.SOAToken;
import io.soa.contracts.generated.UsageEscrow;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.deploy.Deployer;
import io.soa.testing.ModelUpstream;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * The access gateway end to end on the packaged services: a model registered in the catalog with a
 * real endpoint, tokenized, priced and given a licence tier on anvil; a licence bought on-chain
 * lets calls through until its quota is used, and its resale on the marketplace takes the calls
 * left to the buyer; pay-per-use calls with vouchers are charged at payment-service, a call the
 * model failed comes back as credit, and settlement pays the owner exactly what was charged less
 * the fee.
 */
class GatewayIT {
  static final BigInteger ONE = BigInteger.TEN.pow(18);
  static final BigInteger PRICE = ONE.divide(BigInteger.valueOf(1000));
  static Suite suite;
  static ModelUpstream upstream;
  static String catalog;
  static String licensing;
  static String payments;

  @BeforeAll
  static void startSuite() throws Exception {
    upstream = new ModelUpstream();
    suite = Suite.shared();
    catalog = suite.url("catalog-service");
    licensing = suite.url("licensing-service");
    payments = suite.url("payment-service");
  }

  @AfterAll
  static void stopUpstream() {
    if (upstream != null) {
      upstream.close();
    }
  }

  static Response call(Credentials who, BigInteger model, String feature, String voucher) {
    return call(who, model, feature, voucher, null);
  }

  static Response call(
      Credentials who, BigInteger model, String feature, String voucher, String requestId) {
    var req =
        given()
            .auth()
            .oauth2(suite.token(who))
            .contentType(ContentType.JSON)
            .body("{\"text\": \"Hi.\"}");
    if (voucher != null) {
      req = req.header("SOA-Voucher", voucher).header("SOA-Max-Price", PRICE.toString());
    }
    if (requestId != null) {
      req = req.header("SOA-Request-Id", requestId);
    }
    return req.post(licensing + "/v1/models/" + model + "/features/" + feature + "/invoke");
  }

  /** Registers a model at the test upstream in the catalog and tokenizes it as its developer. */
  static BigInteger model(Credentials owner) throws Exception {
    String id =
        given()
            .contentType(ContentType.JSON)
            .auth()
            .oauth2(suite.token(owner))
            .body(
                """
                {"name": "Gateway model", "task": "text-classification", "framework": "onnx",
                 "features": [{"id": "tokens"}, {"id": "pos-tags"}, {"id": "fail"}],
                 "endpointUrl": "%s", "artifactDigest": "0x%s", "developer": "%s"}"""
                    .formatted(upstream.endpoint(), "ab".repeat(32), owner.getAddress()))
            .post(catalog + "/v1/models")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String catalogId = given().get(catalog + "/v1/models/" + id).then().extract().path("catalogId");
    ModelRegistry registry = suite.as(ModelRegistry.class, "ModelRegistry", owner);
    BigInteger model =
        ModelRegistry.getModelTokenizedEvents(
                registry
                    .tokenize(
                        HexFormat.of().parseHex(catalogId.substring(2)),
                        "https://c/gw",
                        HexFormat.of().parseHex("ab".repeat(32)),
                        BigInteger.valueOf(500))
                    .send())
            .get(0)
            .modelId;
    for (String f : List.of("tokens", "fail")) {
      assertThat(registry.setUsagePrice(model, Hash.sha3(f.getBytes()), PRICE).send().isStatusOK())
          .isTrue();
    }
    // the gateway learns prices from the registry's topic, which its licence and catalog topics
    // may overtake: wait until it quotes both (a CI run saw a 402 without its price)
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              var offers = given().get(licensing + "/v1/models/" + model + "/offers");
              return offers.statusCode() == 200
                  && offers.jsonPath().getList("features.pricePerCall").stream()
                          .filter(PRICE.toString()::equals)
                          .count()
                      == 2;
            });
    return model;
  }

  void fund(Credentials who, String spender, BigInteger amount) throws Exception {
    suite
        .as(SOAToken.class, "SOAToken", DevAccounts.deployer())
        .mint(who.getAddress(), amount)
        .send();
    suite
        .as(SOAToken.class, "SOAToken", who)
        .approve(suite.stack.deployment().address(spender), amount)
        .send();
  }

  static Credentials wallet() throws Exception {
    Credentials w = Credentials.create(Keys.createEcKeyPair());
    new io.soa.devchain.DevChain(
            new org.web3j.protocol.http.HttpService(suite.stack.deployment().rpcUrl()))
        .setBalance(w.getAddress(), ONE.multiply(BigInteger.TEN));
    return w;
  }

  static JsonPath entitlements(Credentials who, BigInteger model) {
    return given()
        .get(licensing + "/v1/entitlements?holder=" + who.getAddress() + "&model=" + model)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void aLicenceBoughtOnChainPaysForCallsUntilItsQuotaAndItsResaleMovesTheCallsLeft()
      throws Exception {
    Credentials owner = DevAccounts.account(1);
    Credentials buyer = DevAccounts.account(2);
    Credentials second = DevAccounts.account(3);
    BigInteger model = model(owner);
    LicenseToken licences = suite.as(LicenseToken.class, "LicenseToken", owner);
    BigInteger tier =
        LicenseToken.getTierCreatedEvents(
                licences
                    .createTier(
                        model,
                        ONE,
                        BigInteger.valueOf(86_400),
                        BigInteger.valueOf(4),
                        BigInteger.ZERO,
                        true,
                        new byte[32],
                        List.of())
                    .send())
            .get(0)
            .tierId;
    fund(buyer, "LicenseToken", ONE);
    BigInteger licence =
        LicenseToken.getLicensePurchasedEvents(
                suite
                    .as(LicenseToken.class, "LicenseToken", buyer)
                    .purchase(tier, buyer.getAddress())
                    .send())
            .get(0)
            .licenseId;
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> entitlements(buyer, model).getList("licenseId").contains(licence.toString()));

    // the gateway's 402 before the catalog's endpoint is known would be a 404: wait for it too
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> call(buyer, model, "tokens", null).statusCode() == 200);
    assertThat(call(buyer, model, "pos-tags", null).statusCode()).isEqualTo(200);
    assertThat(entitlements(buyer, model).getLong("[0].callsLeft")).isEqualTo(2);

    // resold on the marketplace: the calls left go to the buyer, none stay with the seller
    Marketplace market = suite.as(Marketplace.class, "Marketplace", buyer);
    suite
        .as(LicenseToken.class, "LicenseToken", buyer)
        .approve(suite.stack.deployment().address("Marketplace"), licence)
        .send();
    BigInteger listing =
        Marketplace.getListedEvents(
                market.list(suite.stack.deployment().address("LicenseToken"), licence, ONE).send())
            .get(0)
            .listingId;
    fund(second, "Marketplace", ONE);
    assertThat(suite.as(Marketplace.class, "Marketplace", second).buy(listing).send().isStatusOK())
        .isTrue();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> entitlements(second, model).getList("licenseId").contains(licence.toString()));
    assertThat(entitlements(second, model).getLong("[0].callsLeft")).isEqualTo(2);
    assertThat(entitlements(buyer, model).getList("licenseId")).isEmpty();
    Response seller = call(buyer, model, "tokens", null);
    assertThat(seller.statusCode()).isEqualTo(402);
    assertThat(seller.jsonPath().getString("howToPay.pricePerCall")).isEqualTo(PRICE.toString());
    assertThat(call(second, model, "tokens", null).statusCode()).isEqualTo(200);
    assertThat(call(second, model, "tokens", null).statusCode()).isEqualTo(200);
    Response spent = call(second, model, "tokens", null);
    assertThat(spent.statusCode()).isEqualTo(402);
    assertThat(spent.jsonPath().getString("type")).isEqualTo("/problems#quota-exhausted");
  }

  @Test
  void vouchersPayPerCallAFailedCallIsCreditAndSettlementPaysTheOwnerToTheWei() throws Exception {
    // fresh wallets: dev accounts 4 and 5 are the treasury and the settlement signer
    Credentials owner = wallet();
    Credentials payer = wallet();
    BigInteger model = model(owner);
    fund(payer, "UsageEscrow", ONE);
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
    SOAToken soa = suite.as(SOAToken.class, "SOAToken", DevAccounts.deployer());
    BigInteger before = soa.balanceOf(owner.getAddress()).send();
    long chainId = suite.stack.deployment().chainId();
    String escrowAt = suite.stack.deployment().address("UsageEscrow");
    java.util.function.IntFunction<String> voucher =
        n -> {
          BigInteger c = PRICE.multiply(BigInteger.valueOf(n));
          return channel
              + ":"
              + c
              + ":"
              + Numeric.toHexString(Vouchers.sign(chainId, escrowAt, channel, c, signer));
        };
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> given().get(payments + "/v1/channels/" + channel).statusCode() == 200);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> call(payer, model, "tokens", voucher.apply(1)).statusCode() == 200);
    int calls = 1;
    for (int i = 2; i <= 8; i++, calls++) {
      Response r = call(payer, model, "tokens", voucher.apply(i));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.header("SOA-Charged")).isEqualTo(PRICE.toString());
    }
    // a feature with no price per call: payment-service, the one place a price is checked, refuses
    // it and the gateway says how else to pay (402); nothing is charged (checked below)
    Response unpriced = call(payer, model, "pos-tags", voucher.apply(9), "unpriced-1");
    assertThat(unpriced.statusCode()).isEqualTo(402);
    assertThat(unpriced.jsonPath().getString("type")).isEqualTo("/problems#not-sold-per-call");
    // the model fails the 9th: 502, unpaid, its charge back as credit, so the voucher pays the next
    Response failed = call(payer, model, "fail", voucher.apply(9), "fail-9");
    assertThat(failed.statusCode()).isEqualTo(502);
    assertThat(failed.jsonPath().getString("type")).isEqualTo("/problems#model-failed");
    assertThat(failed.jsonPath().getInt("outcome.modelStatus")).isEqualTo(500);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get(payments + "/v1/channels/" + channel)
                    .then()
                    .body("charged", equalTo(PRICE.multiply(BigInteger.valueOf(8)).toString())));
    // the same request id again is a new attempt: paid again, failed again, given back again
    Response replay = call(payer, model, "fail", voucher.apply(9), "fail-9");
    assertThat(replay.statusCode()).isEqualTo(502);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get(payments + "/v1/channels/" + channel)
                    .then()
                    .body("charged", equalTo(PRICE.multiply(BigInteger.valueOf(8)).toString())));
    // an answered call sent again is never forwarded or charged again, whatever its body
    int modelCalls = upstream.calls("tokens");
    Response answered = call(payer, model, "tokens", voucher.apply(9), "paid-9");
    assertThat(answered.statusCode()).isEqualTo(200);
    Response again = call(payer, model, "tokens", voucher.apply(9), "paid-9");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.jsonPath().getString("type")).isEqualTo("/problems#request-already-answered");
    assertThat(again.jsonPath().getString("outcome.chargeId"))
        .isEqualTo(answered.header("SOA-Charge-Id"));
    assertThat(upstream.calls("tokens")).isEqualTo(modelCalls + 1);
    calls++;
    // a voucher that does not cover the next call is refused, as payment-service says
    Response short_ = call(payer, model, "tokens", voucher.apply(9));
    assertThat(short_.statusCode()).isEqualTo(402);
    assertThat(short_.jsonPath().getString("type")).isEqualTo("/problems#not-covered");

    BigInteger charged = PRICE.multiply(BigInteger.valueOf(calls));
    suite.settleNow(owner, model, channel, charged); // as the model's owner
    BigInteger fee =
        charged
            .multiply(BigInteger.valueOf(Deployer.DEFAULT_FEE_BPS))
            .divide(BigInteger.valueOf(10_000));
    assertThat(soa.balanceOf(owner.getAddress()).send().subtract(before))
        .isEqualTo(charged.subtract(fee));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                given()
                    .get(payments + "/v1/reconciliation")
                    .then()
                    .body("differenceWei", equalTo("0")));

    // the payer signs 3 calls ahead: 2 are credit. The claim put a voucher of the channel on
    // chain, where anyone reads it; a stranger who signs in cannot spend the payer's credit with it
    assertThat(call(payer, model, "tokens", voucher.apply(calls + 3)).statusCode()).isEqualTo(200);
    String claimed = claimedVoucher(channel);
    assertThat(claimed).startsWith(channel + ":" + charged + ":");
    Response stolen = call(wallet(), model, "tokens", claimed);
    assertThat(stolen.statusCode()).isEqualTo(403);
    assertThat(stolen.jsonPath().getString("type")).isEqualTo("/problems#not-channel-payer");
    BigInteger withCredit = charged.add(PRICE);
    given()
        .get(payments + "/v1/channels/" + channel)
        .then()
        .body("charged", equalTo(withCredit.toString()));
    assertThat(call(payer, model, "tokens", claimed).statusCode()).isEqualTo(200); // the payer's

    // the owner raises the price 100x: the payer's calls capped at the price they agreed to are
    // refused once payment-service knows it, and nothing above that price is ever charged
    ModelRegistry registry = suite.as(ModelRegistry.class, "ModelRegistry", owner);
    BigInteger raised = PRICE.multiply(BigInteger.valueOf(100));
    assertThat(
            registry
                .setUsagePrice(model, Hash.sha3("tokens".getBytes()), raised)
                .send()
                .isStatusOK())
        .isTrue();
    java.util.concurrent.atomic.AtomicInteger n =
        new java.util.concurrent.atomic.AtomicInteger(calls + 2);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              Response r = call(payer, model, "tokens", voucher.apply(n.incrementAndGet()));
              return r.statusCode() == 402
                  && r.jsonPath().getString("type").equals("/problems#price-above-cap");
            });
    BigInteger after =
        new BigInteger(
            given().get(payments + "/v1/channels/" + channel).jsonPath().getString("charged"));
    assertThat(after.mod(PRICE)).isZero(); // only ever the agreed price per call
  }

  /** The voucher of {@code channel} a confirmed claimBatch carried, as anyone reads it on chain. */
  static String claimedVoucher(BigInteger channel) throws Exception {
    String tx = null;
    for (Object id : given().get(payments + "/v1/settlements").jsonPath().getList("settlementId")) {
      JsonPath s = given().get(payments + "/v1/settlements/" + id).then().extract().jsonPath();
      if ("confirmed".equals(s.getString("state"))
          && s.getList("channels.channelId").contains(channel.toString())) {
        tx = s.getString("txHash");
        break;
      }
    }
    assertThat(tx).as("a confirmed claim of channel " + channel).isNotNull();
    String input =
        suite.web3j.ethGetTransactionByHash(tx).send().getTransaction().orElseThrow().getInput();
    byte[] in = Numeric.hexStringToByteArray(input);
    // claimBatch(Claim[]): selector, offset, length, then (channelId, amount, r, vs) per claim
    int claims = new BigInteger(1, java.util.Arrays.copyOfRange(in, 36, 68)).intValue();
    for (int k = 0; k < claims; k++) {
      int at = 68 + 128 * k;
      BigInteger id = new BigInteger(1, java.util.Arrays.copyOfRange(in, at, at + 32));
      if (!id.equals(channel)) {
        continue;
      }
      BigInteger amount = new BigInteger(1, java.util.Arrays.copyOfRange(in, at + 32, at + 64));
      byte[] r = java.util.Arrays.copyOfRange(in, at + 64, at + 96);
      byte[] vs = java.util.Arrays.copyOfRange(in, at + 96, at + 128);
      int v = 27 + ((vs[0] & 0x80) >> 7); // EIP-2098: the top bit of vs is v's parity
      vs[0] &= 0x7f;
      return id
          + ":"
          + amount
          + ":"
          + Numeric.toHexString(r)
          + Numeric.toHexStringNoPrefix(vs)
          + String.format("%02x", v);
    }
    throw new AssertionError("claim " + tx + " carries no voucher of channel " + channel);
  }
}
