package io.soa.payment;

import static io.restassured.RestAssured.given;
import static io.soa.payment.PaymentFixture.CAP;
import static io.soa.payment.PaymentFixture.body;
import static io.soa.payment.PaymentFixture.charge;
import static io.soa.payment.PaymentFixture.open;
import static io.soa.payment.PaymentFixture.price;
import static io.soa.payment.PaymentFixture.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.soa.events.Topics;
import io.soa.events.chain.ChannelOpened;
import io.soa.payment.PaymentFixture.Opened;
import io.soa.testing.TestDb;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;

/**
 * Charges over HTTP against a real database and broker, with vouchers signed by real keys in the
 * deployed escrow's EIP-712 domain: coverage, idempotency, every refusal, concurrency on one
 * channel, and a ledger that sums to zero.
 */
@QuarkusTest
@TestProfile(ChargeApp.class)
class ChargeTest {
  static final BigInteger PRICE = BigInteger.valueOf(1_500_000_000_000_000L); // 0.0015 $SOA
  static final BigInteger DEPOSIT = PRICE.multiply(BigInteger.valueOf(100));

  static BigInteger times(long n) {
    return PRICE.multiply(BigInteger.valueOf(n));
  }

  /** A priced model and an open channel for it, once the mirror has both. */
  static Opened ready(BigInteger deposit, Duration lifetime) throws Exception {
    BigInteger model = PaymentFixture.randomId();
    price(model, "pos-tags", PRICE);
    Opened ch = open(model, deposit, lifetime);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> given().get("/v1/channels/" + ch.channelId()).statusCode() == 200);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                TestDb.count(
                        "payment_charge_test",
                        "SELECT count(*) FROM feature_price WHERE model_id = " + model)
                    == 1);
    return ch;
  }

  static String db() {
    return "payment_charge_test";
  }

  static String text(String sql) throws Exception {
    return TestDb.column(db(), sql).get(0);
  }

  static BigInteger balance(String account) throws Exception {
    return new BigInteger(
        text(
            "SELECT COALESCE(SUM(amount), 0)::text FROM posting WHERE account = '"
                + account
                + "'"));
  }

  /**
   * Issue 26, findings 4 and 6: credit belongs to its payer. A voucher is public once claimed on
   * chain, so one signed ahead must not pay a stranger's calls; a price raised after the payer
   * signed ahead takes at most what the payer agreed to per call.
   */
  @Test
  void onlyThePayerOrItsSignerSpendsAChannelAndNeverAboveTheirCap() throws Exception {
    Opened ch = ready(DEPOSIT, Duration.ofDays(1));
    String payer = PaymentFixture.PAYER;
    String signer = "0x" + Keys.getAddress(ch.signer());
    String stranger = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
    String ahead = sign(ch, times(10)); // ten calls signed ahead: credit, public once claimed
    Response stolen =
        charge(body("r-" + UUID.randomUUID(), ch, times(10), ahead, "pos-tags", stranger, CAP));
    stolen.then().statusCode(403).body("type", equalTo("/problems#not-channel-payer"));
    charge(body("r-" + UUID.randomUUID(), ch, times(10), ahead, "pos-tags", payer, CAP))
        .then()
        .statusCode(201);
    charge(body("r-" + UUID.randomUUID(), ch, times(10), ahead, "pos-tags", signer, CAP))
        .then()
        .statusCode(201);
    String id = "r-" + UUID.randomUUID();
    String chargeId =
        charge(body(id, ch, times(10), ahead, "pos-tags", payer, PRICE))
            .then()
            .statusCode(201)
            .extract()
            .path("chargeId");
    // the payer's request id replayed by a stranger: refused before anything is said of it
    charge(body(id, ch, times(10), ahead, "pos-tags", stranger, PRICE)).then().statusCode(403);
    given()
        .get("/v1/channels/" + ch.channelId())
        .then()
        .body("charged", equalTo(times(3).toString()));

    // the owner raises the price 100x: the payer's next call, capped at the old price, is refused
    BigInteger raised = PRICE.multiply(BigInteger.valueOf(100));
    price(ch.modelId(), "pos-tags", raised);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                text("SELECT price::text FROM feature_price WHERE model_id = " + ch.modelId())
                    .equals(raised.toString()));
    Response capped =
        charge(body("r-" + UUID.randomUUID(), ch, times(10), ahead, "pos-tags", payer, PRICE));
    capped
        .then()
        .statusCode(402)
        .body("type", equalTo("/problems#price-above-cap"))
        .body("amounts.price", equalTo(raised.toString()))
        .body("amounts.maxPrice", equalTo(PRICE.toString()));
    given()
        .get("/v1/channels/" + ch.channelId())
        .then()
        .body("charged", equalTo(times(3).toString()));
    // the charge made before the rise answers its own retry; a retry under a lower cap is another
    // request
    charge(body(id, ch, times(10), ahead, "pos-tags", payer, PRICE))
        .then()
        .statusCode(201)
        .body("chargeId", equalTo(chargeId));
    charge(body(id, ch, times(10), ahead, "pos-tags", payer, PRICE.subtract(BigInteger.ONE)))
        .then()
        .statusCode(409)
        .body("type", equalTo("/problems#request-id-reused"));
    assertThat(balance("channel:" + ch.channelId())).isEqualTo(DEPOSIT.subtract(times(3)));
  }

  /** Issue 26, finding 12: a price from any contract but the registry changes nothing. */
  @Test
  void aPriceFromAnotherContractIsIgnored() throws Exception {
    Opened ch = ready(DEPOSIT, Duration.ofDays(1));
    String forger = "0x" + "66".repeat(20);
    price(ch.modelId(), "pos-tags", BigInteger.TEN.pow(30), forger);
    price(ch.modelId(), "tokens", PRICE); // the registry's, after it on the same partition
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                TestDb.count(
                        db(), "SELECT count(*) FROM feature_price WHERE model_id = " + ch.modelId())
                    == 2);
    assertThat(
            text(
                "SELECT price::text FROM feature_price WHERE model_id = "
                    + ch.modelId()
                    + " AND feature = '"
                    + io.soa.platform.types.Bytes32.featureKey("pos-tags")
                    + "'"))
        .isEqualTo(PRICE.toString());
  }

  @Test
  void aCoveredCallIsChargedOnceAndTheSameRequestIdReplaysTheAnswer() throws Exception {
    Opened ch = ready(DEPOSIT, Duration.ofDays(1));
    String voucher = sign(ch, times(3));
    String json = body("r-" + UUID.randomUUID(), ch, times(3), voucher, "pos-tags");
    Response first = charge(json);
    first
        .then()
        .statusCode(201)
        .contentType(ContentType.JSON)
        .body("amount", equalTo(PRICE.toString()))
        .body("charged", equalTo(PRICE.toString()))
        .body("covered", equalTo(times(3).toString()))
        .body("credit", equalTo(times(2).toString()))
        .body("remaining", equalTo(times(99).toString()))
        .body("state", equalTo("accepted"));
    String chargeId = first.path("chargeId");
    charge(json).then().statusCode(201).body("chargeId", equalTo(chargeId));
    given()
        .get("/v1/channels/" + ch.channelId())
        .then()
        .statusCode(200)
        .body("charged", equalTo(PRICE.toString()))
        .body("covered", equalTo(times(3).toString()))
        .body("state", equalTo("open"));
    // the credit signed ahead pays the next two calls with the same voucher
    charge(body("r-" + UUID.randomUUID(), ch, times(3), voucher, "pos-tags"))
        .then()
        .statusCode(201);
    charge(body("r-" + UUID.randomUUID(), ch, times(3), voucher, "pos-tags"))
        .then()
        .statusCode(201)
        .body("charged", equalTo(times(3).toString()))
        .body("credit", equalTo("0"));
    Response refused = charge(body("r-" + UUID.randomUUID(), ch, times(3), voucher, "pos-tags"));
    refused
        .then()
        .statusCode(402)
        .contentType("application/problem+json")
        .body("type", equalTo("/problems#not-covered"))
        .body("amounts.required", equalTo(times(4).toString()))
        .body("amounts.missing", equalTo(PRICE.toString()));
    // a reused request id for another charge is a conflict, not a replay
    charge(
            json.replace(voucher, sign(ch, times(4)))
                .replace("\"" + times(3) + "\"", "\"" + times(4) + "\""))
        .then()
        .statusCode(409)
        .body("type", equalTo("/problems#request-id-reused"));
    assertThat(balance("channel:" + ch.channelId())).isEqualTo(DEPOSIT.subtract(times(3)));
    assertThat(balance("model:" + ch.modelId() + ":earned")).isEqualTo(times(3));
    assertThat(text("SELECT COALESCE(SUM(amount), 0)::text FROM posting")).isEqualTo("0");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                TestDb.count(
                        db(),
                        "SELECT count(*) FROM outbox WHERE event_type = 'soa.payments.ChargeAccepted.v1'"
                            + " AND kafka_key = '"
                            + ch.channelId()
                            + "' AND published_at IS NOT NULL")
                    == 3);
  }

  @Test
  void eachRefusalHasItsOwnProblemTypeAndWritesNothing() throws Exception {
    Opened ch = ready(DEPOSIT, Duration.ofDays(1));
    long before =
        TestDb.count(db(), "SELECT count(*) FROM charge")
            + TestDb.count(db(), "SELECT count(*) FROM posting");
    BigInteger two = times(2);
    // a stranger's key, another channel's voucher, another chain, another escrow
    String stranger =
        PaymentFixture.sign(
            PaymentFixture.chainId(),
            PaymentFixture.escrow(),
            ch.channelId(),
            two,
            Keys.createEcKeyPair());
    String otherChannel =
        PaymentFixture.sign(
            PaymentFixture.chainId(),
            PaymentFixture.escrow(),
            ch.channelId().add(BigInteger.ONE),
            two,
            ch.signer());
    String otherChain =
        PaymentFixture.sign(1, PaymentFixture.escrow(), ch.channelId(), two, ch.signer());
    String otherEscrow =
        PaymentFixture.sign(
            PaymentFixture.chainId(), "0x" + "12".repeat(20), ch.channelId(), two, ch.signer());
    for (String sig : List.of(stranger, otherChannel, otherChain, otherEscrow)) {
      charge(body("r-" + UUID.randomUUID(), ch, two, sig, "pos-tags"))
          .then()
          .statusCode(403)
          .body("type", equalTo("/problems#bad-signature"));
    }
    BigInteger above = DEPOSIT.add(BigInteger.ONE);
    charge(body("r-" + UUID.randomUUID(), ch, above, sign(ch, above), "pos-tags"))
        .then()
        .statusCode(409)
        .body("type", equalTo("/problems#deposit-exceeded"));
    charge(body("r-" + UUID.randomUUID(), ch, two, sign(ch, two), "tokens"))
        .then()
        .statusCode(404)
        .body("type", equalTo("/problems#feature-not-priced"));
    Opened unknown = new Opened(PaymentFixture.randomId(), ch.modelId(), ch.signer(), "none");
    charge(body("r-" + UUID.randomUUID(), unknown, two, sign(unknown, two), "pos-tags"))
        .then()
        .statusCode(404)
        .body("type", equalTo("/problems#unknown-channel"));
    Opened wrongModel =
        new Opened(ch.channelId(), ch.modelId().add(BigInteger.ONE), ch.signer(), "none");
    charge(body("r-" + UUID.randomUUID(), wrongModel, two, sign(ch, two), "pos-tags"))
        .then()
        .statusCode(409)
        .body("type", equalTo("/problems#wrong-model"));
    charge(
            body(
                "r-" + UUID.randomUUID(),
                ch,
                BigInteger.ZERO,
                sign(ch, BigInteger.ZERO),
                "pos-tags"))
        .then()
        .statusCode(402)
        .body("type", equalTo("/problems#not-covered"));
    for (String bad :
        List.of(
            "{}",
            "[]",
            "{not json",
            body("r-1", ch, two, "0x1234", "pos-tags"),
            body("r 1", ch, two, sign(ch, two), "pos-tags"),
            body("r-1", ch, two, sign(ch, two), "Pos Tags"),
            body("r-1", ch, two, sign(ch, two), "pos-tags").replace("\"" + two + "\"", "\"-1\""),
            body("r-1", ch, two, sign(ch, two), "pos-tags").replace("\"" + two + "\"", "2"))) {
      charge(bad).then().statusCode(400).contentType("application/problem+json");
    }
    given()
        .contentType(ContentType.JSON)
        .body(body("r-2", ch, two, sign(ch, two), "pos-tags"))
        .post("/v1/charges")
        .then()
        .statusCode(401);
    given()
        .auth()
        .oauth2(PaymentFixture.tokens().token(PaymentFixture.PAYER))
        .contentType(ContentType.JSON)
        .body(body("r-3", ch, two, sign(ch, two), "pos-tags"))
        .post("/v1/charges")
        .then()
        .statusCode(403);
    assertThat(
            TestDb.count(db(), "SELECT count(*) FROM charge")
                + TestDb.count(db(), "SELECT count(*) FROM posting"))
        .isEqualTo(before);
  }

  @Test
  void aChannelNearExpiryOrClosedTakesNoCharge() throws Exception {
    Opened soon = ready(DEPOSIT, Duration.ofMinutes(5)); // inside the 10-minute margin
    charge(body("r-" + UUID.randomUUID(), soon, times(1), sign(soon, times(1)), "pos-tags"))
        .then()
        .statusCode(410)
        .body("type", equalTo("/problems#channel-expiring"));
  }

  @Test
  void sixtyFourConcurrentCallersWithShuffledVouchersAreEachPaidOnceAndNeverBeyondCoverage()
      throws Exception {
    Opened ch = ready(DEPOSIT, Duration.ofDays(1));
    List<Integer> ks = new ArrayList<>();
    for (int k = 1; k <= 64; k++) {
      ks.add(k);
    }
    Collections.shuffle(ks, new java.util.Random(42));
    List<String> bodies = new ArrayList<>();
    for (int k : ks) {
      bodies.add(body("c-" + UUID.randomUUID(), ch, times(k), sign(ch, times(k)), "pos-tags"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(64);
    List<Callable<Integer>> calls = new ArrayList<>();
    for (String b : bodies) {
      calls.add(() -> charge(b).statusCode());
    }
    int accepted = 0;
    int refused = 0;
    try {
      for (Future<Integer> f : pool.invokeAll(calls)) {
        int status = f.get();
        assertThat(status).isIn(201, 402);
        if (status == 201) {
          accepted++;
        } else {
          refused++;
        }
      }
    } finally {
      pool.shutdown();
    }
    assertThat(accepted + refused).isEqualTo(64);
    // the refused calls retried with the largest voucher, as a gateway would, use its credit
    String best = sign(ch, times(64));
    while (accepted < 64) {
      charge(body("c-" + UUID.randomUUID(), ch, times(64), best, "pos-tags"))
          .then()
          .statusCode(201);
      accepted++;
    }
    charge(body("c-" + UUID.randomUUID(), ch, times(64), best, "pos-tags")).then().statusCode(402);
    given()
        .get("/v1/channels/" + ch.channelId())
        .then()
        .body("charged", equalTo(times(64).toString()))
        .body("covered", equalTo(times(64).toString()));
    assertThat(
            TestDb.count(db(), "SELECT count(*) FROM charge WHERE channel_id = " + ch.channelId()))
        .isEqualTo(64);
    assertThat(balance("channel:" + ch.channelId())).isEqualTo(DEPOSIT.subtract(times(64)));
    assertThat(text("SELECT COALESCE(SUM(amount), 0)::text FROM posting")).isEqualTo("0");
  }

  @Test
  void oneRequestIdSentByThirtyTwoCallersAtOnceIsChargedOnceAndEachGetsThatCharge()
      throws Exception {
    Opened ch = ready(DEPOSIT, Duration.ofDays(1));
    String b = body("dup-" + UUID.randomUUID(), ch, times(1), sign(ch, times(1)), "pos-tags");
    ExecutorService pool = Executors.newFixedThreadPool(32);
    List<Callable<Response>> calls = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      calls.add(() -> charge(b));
    }
    java.util.Set<String> chargeIds = new java.util.HashSet<>();
    try {
      for (Future<Response> f : pool.invokeAll(calls)) {
        Response r = f.get();
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        chargeIds.add(r.jsonPath().getString("chargeId"));
      }
    } finally {
      pool.shutdown();
    }
    assertThat(chargeIds).hasSize(1);
    assertThat(
            TestDb.count(db(), "SELECT count(*) FROM charge WHERE channel_id = " + ch.channelId()))
        .isEqualTo(1);
    assertThat(balance("channel:" + ch.channelId())).isEqualTo(DEPOSIT.subtract(times(1)));
    given()
        .get("/v1/channels/" + ch.channelId())
        .then()
        .body("charged", equalTo(times(1).toString()));
  }

  @Inject JWTParser jwt;

  @Test
  void theGatewaysTokenIsVerifiedOnceAndATamperedOneIsRefusedEveryTime() throws Exception {
    String token = PaymentFixture.gatewayToken();
    // the platform's decorator answers a token it verified from memory: the same principal
    assertThat(jwt.parse(token)).isSameAs(jwt.parse(token));
    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
    for (int i = 0; i < 2; i++) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> jwt.parse(tampered))
          .isInstanceOf(io.smallrye.jwt.auth.principal.ParseException.class);
      given()
          .auth()
          .oauth2(tampered)
          .contentType(ContentType.JSON)
          .body("{}")
          .post("/v1/charges")
          .then()
          .statusCode(401);
    }
  }

  @Test
  void theChainTopicReplayedTwiceChangesNothing() throws Exception {
    Opened ch = ready(DEPOSIT, Duration.ofDays(1));
    io.soa.events.chain.ChannelExtended extended =
        new io.soa.events.chain.ChannelExtended(
            PaymentFixture.chainId(),
            101,
            PaymentFixture.hash(),
            PaymentFixture.hash(),
            0,
            false,
            PaymentFixture.escrow(),
            ch.channelId().toString(),
            DEPOSIT.toString(),
            DEPOSIT.multiply(BigInteger.TWO).toString(),
            Long.toString(java.time.Instant.now().plus(Duration.ofDays(3)).getEpochSecond()));
    // the extension delivered three times (a replay of the topic, twice), then a later one on
    // the same partition: once that is applied, so are the replays before it
    for (int i = 0; i < 3; i++) {
      PaymentFixture.publish(Topics.CHAIN_ESCROW, ch.channelId().toString(), extended);
    }
    io.soa.events.chain.ChannelExtended later =
        new io.soa.events.chain.ChannelExtended(
            PaymentFixture.chainId(),
            102,
            PaymentFixture.hash(),
            PaymentFixture.hash(),
            0,
            false,
            PaymentFixture.escrow(),
            ch.channelId().toString(),
            DEPOSIT.toString(),
            DEPOSIT.multiply(BigInteger.valueOf(3)).toString(),
            Long.toString(java.time.Instant.now().plus(Duration.ofDays(3)).getEpochSecond()));
    PaymentFixture.publish(Topics.CHAIN_ESCROW, ch.channelId().toString(), later);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                DEPOSIT
                    .multiply(BigInteger.valueOf(3))
                    .toString()
                    .equals(given().get("/v1/channels/" + ch.channelId()).path("deposit")));
    assertThat(
            TestDb.count(
                db(), "SELECT count(*) FROM chain_effect WHERE key = '" + ch.channelId() + "'"))
        .isEqualTo(3); // the opening and two extensions, each once
  }

  @Test
  void aRetractedOpeningForgetsTheChannelAndARedeliveryChangesNothing() throws Exception {
    Opened ch = ready(DEPOSIT, Duration.ofDays(1));
    // the opening moved the deposit from the payer's escrowed funds to the channel
    assertThat(balance("channel:" + ch.channelId())).isEqualTo(DEPOSIT);
    ChannelOpened again =
        new ChannelOpened(
            PaymentFixture.chainId(),
            100,
            PaymentFixture.hash(),
            PaymentFixture.hash(),
            0,
            true,
            PaymentFixture.escrow(),
            ch.channelId().toString(),
            PaymentFixture.PAYER,
            ch.modelId().toString(),
            "0x" + Keys.getAddress(ch.signer()),
            DEPOSIT.toString(),
            "1");
    // the retraction of the opening (id <opened>:removed:<blockHash>)
    io.soa.testing.TopicReader.send(
        PaymentFixture.config("kafka.bootstrap.servers"),
        Topics.CHAIN_ESCROW,
        ch.channelId().toString(),
        io.soa.events.EventCodec.envelope(
            ch.eventId() + ":removed:" + again.blockHash(),
            "/chain-indexer",
            again,
            java.time.OffsetDateTime.now(),
            ch.channelId().toString()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "unknown".equals(given().get("/v1/channels/" + ch.channelId()).path("state")));
    charge(body("r-" + UUID.randomUUID(), ch, times(1), sign(ch, times(1)), "pos-tags"))
        .then()
        .statusCode(404)
        .body("type", equalTo("/problems#unknown-channel"));
    // the retraction is corrected by a reverse entry, not by changing the first
    assertThat(balance("channel:" + ch.channelId())).isZero();
    assertThat(
            TestDb.count(
                db(),
                "SELECT count(*) FROM posting WHERE account = 'channel:" + ch.channelId() + "'"))
        .isEqualTo(2);
    assertThat(text("SELECT COALESCE(SUM(amount), 0)::text FROM posting")).isEqualTo("0");
  }
}
