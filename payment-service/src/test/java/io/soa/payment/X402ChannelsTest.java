package io.soa.payment;

import static io.restassured.RestAssured.given;
import static io.soa.payment.X402Fixture.PRICE;
import static io.soa.payment.X402Fixture.payer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.soa.contracts.BatchChannels;
import io.soa.contracts.BatchChannels.Config;
import io.soa.contracts.BatchPayloads;
import io.soa.contracts.generated.X402BatchSettlement;
import io.soa.devchain.Chain;
import io.soa.events.EventCodec;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * x402 {@code batch-settlement} channels kept by payment-service for the gateway, on anvil: a
 * deposit is sent once, each voucher pays one call exactly, a failed call is not charged, a claim
 * round settles the payee to the wei; hostile payloads (an expired or reused deposit, a voucher
 * above the deposit, by a stranger, for another payee or chain, a replay, two at once) are refused
 * in x402's words, and only the gateway side may ask. Runs in {@link ChargeApp}.
 */
@QuarkusTest
@TestProfile(ChargeApp.class)
class X402ChannelsTest {
  static final String P = "invalid_batch_settlement_evm_";
  static String authorizer;
  static BatchChannels channels;
  static String payee; // each test's own: claim rounds settle every channel's payee

  @BeforeAll
  static void fund() throws Exception {
    X402Fixture.start();
    channels = new BatchChannels(PaymentFixture.chainId(), BatchChannels.SETTLEMENT);
  }

  /** The receiver authorizer the facilitator names (its settlement key); a fresh payee. */
  static void setUp() throws Exception {
    payee = "0x" + Keys.getAddress(Keys.createEcKeyPair()).toLowerCase();
    authorizer =
        given()
            .get("/v1/x402/supported")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("kinds.find { it.scheme == 'batch-settlement' }.extra.receiverAuthorizer");
  }

  /** A channel of {@code who} to the test's payee, with a salt of its own. */
  static Config channel(Credentials who) {
    byte[] salt = new byte[32];
    X402Fixture.RANDOM.nextBytes(salt);
    String a = who.getAddress();
    return new Config(a, a, payee, authorizer, X402Fixture.token(), 3600, salt);
  }

  static ObjectNode requirements() {
    ObjectNode r = X402Fixture.requirements().put("scheme", "batch-settlement").put("payTo", payee);
    ((ObjectNode) r.path("extra")).put("receiverAuthorizer", authorizer).put("withdrawDelay", 3600);
    return r;
  }

  static ObjectNode voucher(Config c, BigInteger max, Credentials by, String type) {
    return payloads().voucher(requirements(), c, max, by.getEcKeyPair(), type);
  }

  static ObjectNode deposit(Config c, BigInteger amount, BigInteger max, long validBefore) {
    return payloads()
        .deposit(
            requirements(),
            c,
            amount,
            max,
            validBefore,
            new BigInteger(64, X402Fixture.RANDOM),
            payer.getEcKeyPair());
  }

  static BatchPayloads payloads() {
    return new BatchPayloads(PaymentFixture.chainId(), BatchChannels.SETTLEMENT, requirements());
  }

  static JsonNode post(String op, ObjectNode body, int status) throws Exception {
    return X402Fixture.post("/v1/x402/channels/" + op, body, status);
  }

  static JsonNode begin(ObjectNode payment, ObjectNode required, String request) throws Exception {
    ObjectNode body = EventCodec.JSON.createObjectNode().put("requestId", request);
    body.set("paymentPayload", payment);
    body.set("paymentRequirements", required);
    return post("begin", body, 200);
  }

  static ObjectNode call(Config c, String request) {
    return EventCodec.JSON
        .createObjectNode()
        .put("channelId", BatchChannels.hex(channels.channelId(c)))
        .put("requestId", request)
        .put("amount", PRICE.toString())
        .put("network", X402Fixture.network());
  }

  static long later() {
    return Instant.now().getEpochSecond() + 600;
  }

  @Test
  void eachVoucherPaysOneCallAndAClaimRoundSettlesThePayeeToTheWei() throws Exception {
    setUp();
    // the payee of a model of its own, whose owner's earnings show what its x402 calls paid
    String owner = "0x" + Keys.getAddress(Keys.createEcKeyPair());
    BigInteger model = new BigInteger(62, X402Fixture.RANDOM).add(BigInteger.valueOf(1_000_000));
    String hash = "0x" + Keys.getAddress(Keys.createEcKeyPair()) + "0".repeat(24);
    PaymentFixture.publish(
        io.soa.events.Topics.CHAIN_MODELS,
        model.toString(),
        new io.soa.events.chain.ModelTokenized(
            PaymentFixture.chainId(),
            1,
            hash,
            hash,
            0,
            false,
            PaymentFixture.registry(),
            model.toString(),
            "0x" + "11".repeat(32),
            owner,
            "https://c/x402",
            "0x" + "22".repeat(32),
            "0"));
    payee =
        new io.soa.contracts.Payees(PaymentFixture.config("soa.chain.contracts.model-payees"))
            .of(model);
    Config c = channel(payer);
    BigInteger deposit = PRICE.multiply(BigInteger.TEN);

    JsonNode first = begin(deposit(c, deposit, PRICE, later()), requirements(), "r1");
    assertThat(first.path("ok").asBoolean()).as(first.toString()).isTrue();
    assertThat(first.path("transaction").asText()).matches("^0x[0-9a-f]{64}$");
    JsonNode paid = post("commit", call(c, "r1"), 200);
    assertThat(paid.at("/extra/chargedAmount").asText()).isEqualTo(PRICE.toString());
    assertThat(paid.at("/extra/channelState/chargedCumulativeAmount").asText())
        .isEqualTo(PRICE.toString());
    assertThat(paid.at("/extra/channelState/balance").asText()).isEqualTo(deposit.toString());

    // the model failed: the channel is let go uncharged, and the same voucher pays the next call
    BigInteger two = PRICE.multiply(BigInteger.TWO);
    assertThat(
            begin(voucher(c, two, payer, "voucher"), requirements(), "r2").path("ok").asBoolean())
        .isTrue();
    post("abort", call(c, "r2"), 200);
    post("commit", call(c, "r2"), 409); // let go: not charged
    assertThat(
            begin(voucher(c, two, payer, "voucher"), requirements(), "r3").path("ok").asBoolean())
        .isTrue();
    post("commit", call(c, "r3"), 200);

    // the voucher of the last charged call again: that call (the gateway knows if it was
    // answered), never a new hold or charge
    JsonNode replay = begin(voucher(c, two, payer, "voucher"), requirements(), "r4");
    assertThat(replay.path("charged").asBoolean()).as(replay.toString()).isTrue();
    assertThat(replay.at("/channelState/chargedCumulativeAmount").asText())
        .isEqualTo(two.toString());
    post("commit", call(c, "r4"), 409);
    // an older voucher: the corrective state, with the latest voucher to check
    JsonNode old = begin(voucher(c, PRICE, payer, "voucher"), requirements(), "r4b");
    assertThat(old.path("error").asText()).isEqualTo(P + "cumulative_amount_mismatch");
    assertThat(old.at("/channelState/chargedCumulativeAmount").asText()).isEqualTo(two.toString());
    assertThat(old.at("/voucherState/signedMaxClaimable").asText()).isEqualTo(two.toString());

    // two vouchers for the next call at once: one holds the channel, the other is busy
    BigInteger three = PRICE.multiply(BigInteger.valueOf(3));
    var racing =
        List.of(
            CompletableFuture.supplyAsync(() -> quietly(c, three, "r5")),
            CompletableFuture.supplyAsync(() -> quietly(c, three, "r6")));
    List<JsonNode> raced = racing.stream().map(CompletableFuture::join).toList();
    assertThat(raced.stream().filter(r -> r.path("ok").asBoolean()).count()).isEqualTo(1);
    assertThat(raced.stream().map(r -> r.path("error").asText()))
        .containsAnyOf(P + "channel_busy", P + "cumulative_amount_mismatch");

    // claimed now, or by the round every x402-claim-interval: either way, once
    post("claims", EventCodec.JSON.createObjectNode(), 200);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(X402SettleTest.balance(payee)).isEqualTo(two));
    // a voucher below what the chain has claimed: still this server's corrective state (the
    // charges, and the latest voucher), not the chain's claims alone
    JsonNode behind = begin(voucher(c, PRICE, payer, "voucher"), requirements(), "r7");
    assertThat(behind.path("error").asText()).isEqualTo(P + "cumulative_amount_mismatch");
    assertThat(behind.at("/voucherState/signedMaxClaimable").asText()).isNotEmpty();
    // and the voucher of the last charged call, claimed on chain since: still that call
    JsonNode last = begin(voucher(c, two, payer, "voucher"), requirements(), "r8");
    assertThat(last.path("charged").asBoolean()).as(last.toString()).isTrue();
    String id = BatchChannels.hex(channels.channelId(c));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(PaymentFixture.gatewayToken())
                    .get("/v1/reconciliation")
                    .then()
                    .statusCode(200)
                    .body(
                        "x402Channels.find { it.channelId == '" + id + "' }.charges",
                        org.hamcrest.Matchers.equalTo(two.toString()))
                    .body(
                        "x402Channels.find { it.channelId == '" + id + "' }.claimedOnChain",
                        org.hamcrest.Matchers.equalTo(two.toString()))
                    .body(
                        "x402Channels.find { it.channelId == '" + id + "' }.unclaimed",
                        org.hamcrest.Matchers.equalTo("0"))
                    // the ledger: the deposit in, two charges out, and every entry balanced
                    .body(
                        "x402Channels.find { it.channelId == '" + id + "' }.heldInLedger",
                        org.hamcrest.Matchers.equalTo(deposit.subtract(two).toString()))
                    .body("ledgerBalance", org.hamcrest.Matchers.equalTo("0")));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/v1/earnings?owner=" + owner)
                    .then()
                    .statusCode(200)
                    .body(
                        "x402.find { it.modelId == '" + model + "' }.channelsSettled",
                        org.hamcrest.Matchers.equalTo(two.toString()))
                    .body(
                        "x402.find { it.modelId == '" + model + "' }.channelsOwed",
                        org.hamcrest.Matchers.equalTo("0"))
                    .body(
                        "x402.find { it.modelId == '" + model + "' }.payee",
                        org.hamcrest.Matchers.equalTo(payee)));
    var chain =
        Chain.load(
                X402BatchSettlement.class,
                BatchChannels.SETTLEMENT,
                X402Fixture.web3j,
                X402Fixture.admin)
            .channels(channels.channelId(c))
            .send();
    assertThat(chain.component1()).isEqualTo(deposit);
    assertThat(chain.component2()).isEqualTo(two);
  }

  private static JsonNode quietly(Config c, BigInteger max, String request) {
    try {
      return begin(voucher(c, max, payer, "voucher"), requirements(), request);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void hostilePayloadsAreRefusedInX402sWords() throws Exception {
    setUp();
    Config c = channel(payer);
    BigInteger deposit = PRICE.multiply(BigInteger.TEN);
    long past = Instant.now().getEpochSecond() - 1;
    assertThat(begin(deposit(c, deposit, PRICE, past), requirements(), "h1").path("error").asText())
        .isEqualTo(P + "payload_authorization_valid_before");
    assertThat(
            begin(deposit(c, deposit, deposit.add(PRICE), later()), requirements(), "h2")
                .path("error")
                .asText())
        .isEqualTo(P + "cumulative_exceeds_balance");
    Credentials stranger = Credentials.create(Keys.createEcKeyPair());
    assertThat(
            begin(voucher(c, PRICE, stranger, "voucher"), requirements(), "h3")
                .path("error")
                .asText())
        .isEqualTo(P + "voucher_signature");
    ObjectNode otherPayee = requirements().put("payTo", stranger.getAddress());
    assertThat(begin(deposit(c, deposit, PRICE, later()), otherPayee, "h4").path("error").asText())
        .isEqualTo(P + "receiver_mismatch");
    ObjectNode otherChain = requirements().put("network", "eip155:1");
    assertThat(begin(deposit(c, deposit, PRICE, later()), otherChain, "h5").path("error").asText())
        .isEqualTo(P + "network_mismatch");
    assertThat(
            begin(voucher(c, PRICE, payer, "voucher"), requirements(), "h6").path("error").asText())
        .as("a voucher of a channel with nothing in it")
        .isEqualTo(P + "channel_not_found");

    // a deposit authorization funds once
    ObjectNode once = deposit(c, deposit, PRICE, later());
    assertThat(begin(once, requirements(), "h7").path("ok").asBoolean()).isTrue();
    post("commit", call(c, "h7"), 200);
    JsonNode again = begin(once, requirements(), "h8");
    assertThat(again.path("ok").asBoolean()).isFalse();

    // only the gateway's side may ask; bad input is a 400
    given()
        .auth()
        .oauth2(PaymentFixture.tokens().token(payer.getAddress()))
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/v1/x402/channels/claims")
        .then()
        .statusCode(403);
    ObjectNode bad = call(c, "h9").put("amount", "-1");
    post("commit", bad, 400);
    post("abort", bad.put("channelId", "0x12"), 400);
  }

  /**
   * Another x402 server with this suite as its batch-settlement facilitator, driven by x402's own
   * client and HTTPFacilitatorClient: a deposit verified and sent once, a voucher verified, a claim
   * above its voucher refused, the claim, the settle to the payee and the refund of the rest, every
   * wei summed.
   */
  @Test
  void theOfficialFacilitatorClientRunsAChannelThroughUs() throws Exception {
    setUp();
    Credentials who = Credentials.create(Keys.createEcKeyPair());
    X402Fixture.soa(X402Fixture.admin)
        .mint(who.getAddress(), PRICE.multiply(BigInteger.valueOf(20)))
        .send();
    String url =
        io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/v1/x402";
    Process p =
        new ProcessBuilder(
                "node",
                io.soa.devchain.RepoRoot.find()
                    .resolve("payment-service/src/test/js/x402-batch-facilitator.mjs")
                    .toString(),
                url,
                PaymentFixture.tokens().operatorToken("0x" + "0f".repeat(20)),
                requirements().toString(),
                org.web3j.utils.Numeric.toHexStringWithPrefixZeroPadded(
                    who.getEcKeyPair().getPrivateKey(), 64),
                PaymentFixture.config("soa.chain.rpc-url"),
                Long.toString(PaymentFixture.chainId()))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    JsonNode r = EventCodec.JSON.readTree(out.strip().lines().reduce((x, y) -> y).orElse("{}"));
    System.out.println(
        "x402 HTTPFacilitatorClient, batch-settlement, against payment-service: " + r);

    assertThat(r.at("/supported/extra/receiverAuthorizer").asText()).isEqualTo(authorizer);
    assertThat(r.at("/depositVerified/isValid").asBoolean()).as(r.toString()).isTrue();
    assertThat(r.at("/deposited/success").asBoolean()).as(r.toString()).isTrue();
    assertThat(r.at("/depositReplayed/success").asBoolean()).isFalse();
    assertThat(r.at("/voucherVerified/isValid").asBoolean()).as(r.toString()).isTrue();
    assertThat(r.at("/claimAbove/success").asBoolean()).isFalse();
    assertThat(r.at("/claimed/success").asBoolean()).as(r.toString()).isTrue();
    BigInteger spent = new BigInteger(r.path("maxClaimable").asText());
    assertThat(r.at("/settled/amount").asText()).isEqualTo(spent.toString());
    assertThat(r.at("/settledAgain/success").asBoolean()).isFalse();
    BigInteger deposit = new BigInteger(r.path("deposit").asText());
    assertThat(r.at("/refunded/amount").asText()).isEqualTo(deposit.subtract(spent).toString());
    // every wei: the calls to the payee, the rest back to the payer
    assertThat(X402SettleTest.balance(payee)).isEqualTo(spent);
    assertThat(X402SettleTest.balance(who.getAddress()))
        .isEqualTo(PRICE.multiply(BigInteger.valueOf(20)).subtract(spent));
  }
}
