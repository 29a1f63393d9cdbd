package io.soa.payment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.soa.contracts.generated.ModelRegistry;
import io.soa.contracts.generated.SOAToken;
import io.soa.contracts.generated.UsageEscrow;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.DevChain;
import io.soa.events.ChainEvent;
import io.soa.events.Topics;
import io.soa.events.chain.ChannelClaimed;
import io.soa.events.chain.ChannelOpened;
import io.soa.events.chain.ClaimSkipped;
import io.soa.events.chain.ModelTokenized;
import io.soa.events.chain.UsagePriceSet;
import io.soa.payment.PaymentFixture.Opened;
import io.soa.platform.types.Bytes32;
import io.soa.testing.SoaTestResource;
import io.soa.testing.TestDb;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * Settlement on the real escrow: a model tokenized and priced on anvil, a channel opened and
 * charged through the API, then the settler's own claimBatch. The chain events reach the service as
 * the indexer publishes them (built here from the real receipts), and the owner is paid, to the
 * wei, what was charged less the platform fee; the ledger and the reconciliation agree.
 */
@QuarkusTest
@WithTestResource(
    value = SoaTestResource.class,
    initArgs = {
      @ResourceArg(name = "database", value = SettlementTest.DB),
      @ResourceArg(name = "chain", value = "true"),
      @ResourceArg(name = "config.soa.payment.settle-interval", value = "300ms"),
      @ResourceArg(name = "config.soa.payment.settle-max-age", value = "1s"),
      @ResourceArg(name = "config.soa.payment.settle-resubmit-after", value = "2s")
    })
class SettlementTest {
  static final String DB = "payment_settlement_test";
  static final BigInteger ONE = BigInteger.TEN.pow(18);
  static final BigInteger PRICE = ONE.divide(BigInteger.valueOf(100));

  static String text(String sql) throws Exception {
    return TestDb.column(DB, sql).get(0);
  }

  <T> T as(Class<T> type, String at, Web3j web3j, Credentials who) {
    return Chain.load(type, at, web3j, who);
  }

  /** What the indexer would publish for a log: the envelope fields from the log itself. */
  static long block(Log l) {
    return l.getBlockNumber().longValueExact();
  }

  /** A tokenized, priced model and a channel for it, on chain and in the mirror. */
  record Setup(
      Web3j web3j,
      SOAToken soa,
      ModelRegistry registry,
      Credentials owner,
      BigInteger model,
      Opened channel,
      long chainId,
      String escrowAt) {}

  Setup setUp() throws Exception {
    Web3j web3j = Web3j.build(new HttpService(PaymentFixture.config("soa.chain.rpc-url")));
    Credentials admin = Credentials.create(PaymentFixture.config("soa.test.admin-key"));
    // an owner of its own per test, so its earnings and balance are the test's alone
    Credentials owner = Credentials.create(Keys.createEcKeyPair());
    new DevChain(new HttpService(PaymentFixture.config("soa.chain.rpc-url")))
        .setBalance(owner.getAddress(), ONE.multiply(BigInteger.TEN));
    Credentials payer = DevAccounts.account(3);
    String soaAt = PaymentFixture.config("soa.chain.contracts.soa-token");
    String escrowAt = PaymentFixture.escrow();
    long chainId = PaymentFixture.chainId();

    SOAToken soa = as(SOAToken.class, soaAt, web3j, admin);
    assertThat(
            soa.mint(payer.getAddress(), ONE.multiply(BigInteger.valueOf(100))).send().isStatusOK())
        .isTrue();
    ModelRegistry reg = as(ModelRegistry.class, PaymentFixture.registry(), web3j, owner);
    byte[] catalogId = Numeric.hexStringToByteArray(Bytes32.fromUuid(UUID.randomUUID()));
    TransactionReceipt tokenized =
        reg.tokenize(catalogId, "https://c/1", new byte[32], BigInteger.valueOf(500)).send();
    var t = ModelRegistry.getModelTokenizedEvents(tokenized).get(0);
    BigInteger model = t.modelId;
    byte[] feature = Numeric.hexStringToByteArray(Bytes32.featureKey("pos-tags"));
    var priced =
        ModelRegistry.getUsagePriceSetEvents(reg.setUsagePrice(model, feature, PRICE).send())
            .get(0);
    assertThat(
            as(SOAToken.class, soaAt, web3j, payer)
                .approve(escrowAt, ONE.multiply(BigInteger.TEN))
                .send()
                .isStatusOK())
        .isTrue();
    UsageEscrow escrow = as(UsageEscrow.class, escrowAt, web3j, payer);
    assertThat(escrow.deposit(ONE.multiply(BigInteger.TEN)).send().isStatusOK()).isTrue();
    ECKeyPair signer = Keys.createEcKeyPair();
    long expires = Instant.now().plus(Duration.ofDays(2)).getEpochSecond();
    var opened =
        UsageEscrow.getChannelOpenedEvents(
                escrow
                    .openChannel(
                        model, ONE, BigInteger.valueOf(expires), "0x" + Keys.getAddress(signer))
                    .send())
            .get(0);

    // the indexer's events for those logs
    publish(
        Topics.CHAIN_MODELS,
        model.toString(),
        new ModelTokenized(
            chainId,
            block(t.log),
            t.log.getBlockHash(),
            t.log.getTransactionHash(),
            t.log.getLogIndex().longValueExact(),
            false,
            PaymentFixture.registry(),
            model.toString(),
            Numeric.toHexString(t.catalogId),
            t.owner.toLowerCase(),
            t.metadataUri,
            Numeric.toHexString(t.artifactDigest),
            t.royaltyBps.toString()));
    publish(
        Topics.CHAIN_MODELS,
        model.toString(),
        new UsagePriceSet(
            chainId,
            block(priced.log),
            priced.log.getBlockHash(),
            priced.log.getTransactionHash(),
            priced.log.getLogIndex().longValueExact(),
            false,
            PaymentFixture.registry(),
            model.toString(),
            Numeric.toHexString(priced.feature),
            PRICE.toString()));
    publish(
        Topics.CHAIN_ESCROW,
        opened.channelId.toString(),
        new ChannelOpened(
            chainId,
            block(opened.log),
            opened.log.getBlockHash(),
            opened.log.getTransactionHash(),
            opened.log.getLogIndex().longValueExact(),
            false,
            escrowAt,
            opened.channelId.toString(),
            opened.payer.toLowerCase(),
            model.toString(),
            opened.signer.toLowerCase(),
            opened.deposit.toString(),
            opened.expiresAt.toString()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> given().get("/v1/channels/" + opened.channelId).statusCode() == 200);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                TestDb.count(DB, "SELECT count(*) FROM feature_price WHERE model_id = " + model)
                    == 1);

    return new Setup(
        web3j,
        soa,
        reg,
        owner,
        model,
        new Opened(opened.channelId, model, signer, "n/a"),
        chainId,
        escrowAt);
  }

  @Test
  void chargesAreClaimedByTheSettlerAndTheOwnerIsPaidExactlyLessTheFee() throws Exception {
    Setup u = setUp();
    Web3j web3j = u.web3j();
    SOAToken soa = u.soa();
    Credentials owner = u.owner();
    BigInteger model = u.model();
    Opened ch = u.channel();
    long chainId = u.chainId();
    String escrowAt = u.escrowAt();
    BigInteger before = soa.balanceOf(owner.getAddress()).send();
    // five calls, the vouchers signed two calls ahead: the newest voucher not above what was
    // charged is the fifth call's own (5 x price)
    for (int i = 1; i <= 5; i++) {
      BigInteger cumulative = PRICE.multiply(BigInteger.valueOf(Math.min(i + 2, 5)));
      PaymentFixture.charge(
              PaymentFixture.body(
                  "s-" + UUID.randomUUID(),
                  ch,
                  cumulative,
                  PaymentFixture.sign(ch, cumulative),
                  "pos-tags"))
          .then()
          .statusCode(201);
    }
    BigInteger charged = PRICE.multiply(BigInteger.valueOf(5));

    // the settler sends claimBatch by itself (the oldest charge is older than the max age)
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                TestDb.count(
                        DB,
                        "SELECT count(*) FROM settlement s JOIN settlement_item i USING"
                            + " (settlement_id) WHERE s.tx_hash IS NOT NULL AND i.channel_id = "
                            + ch.channelId())
                    == 1);
    String mine =
        " FROM settlement s JOIN settlement_item i USING (settlement_id) WHERE i.channel_id = "
            + ch.channelId();
    String txHash = text("SELECT s.tx_hash" + mine);
    TransactionReceipt claim =
        web3j.ethGetTransactionReceipt(txHash).send().getTransactionReceipt().orElseThrow();
    List<UsageEscrow.ChannelClaimedEventResponse> claims =
        UsageEscrow.getChannelClaimedEvents(claim);
    assertThat(claims).hasSize(1);
    var c = claims.get(0);
    assertThat(c.cumulativeAmount).isEqualTo(charged);
    assertThat(c.payee.toLowerCase()).isEqualTo(owner.getAddress().toLowerCase());
    BigInteger after = soa.balanceOf(owner.getAddress()).send();
    assertThat(after.subtract(before)).isEqualTo(c.paid.subtract(c.fee));
    assertThat(c.paid).isEqualTo(charged);

    // settled only when the indexer's ChannelClaimed arrives
    assertThat(text("SELECT s.state" + mine)).isEqualTo("submitted");
    // until the chain confirms it, the claim is in transit in the ledger, no longer pending
    given()
        .get("/v1/earnings?owner=" + owner.getAddress())
        .then()
        .body("models[0].pending", equalTo("0"))
        .body("models[0].inTransit", equalTo(charged.toString()));
    publishClaimed(chainId, escrowAt, model, c);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "confirmed".equals(text("SELECT s.state" + mine)));

    given()
        .get("/v1/reconciliation")
        .then()
        .statusCode(200)
        .body("differenceWei", equalTo("0"))
        .body("overClaimedChannels", equalTo(0))
        .body("ledgerBalance", equalTo("0"))
        .body(
            "channels.find { it.channelId == '" + ch.channelId() + "' }.charged",
            equalTo(charged.toString()))
        .body(
            "channels.find { it.channelId == '" + ch.channelId() + "' }.claimedOnChain",
            equalTo(charged.toString()));
    assertThat(
            new BigInteger(
                text(
                    "SELECT COALESCE(sum(amount), 0)::text FROM posting WHERE account = 'owner:"
                        + owner.getAddress().toLowerCase()
                        + ":paid'")))
        .isEqualTo(after.subtract(before));
    assertThat(
            new BigInteger(
                text(
                    "SELECT COALESCE(sum(amount), 0)::text FROM posting WHERE account = 'platform:fees'")))
        .as("the platform's fees are the fees of every confirmed claim")
        .isEqualTo(
            new BigInteger(
                text(
                    "SELECT COALESCE(sum(fee), 0)::text FROM settlement_item WHERE state ="
                        + " 'claimed'")));
    assertThat(
            new BigInteger(
                text(
                    "SELECT fee::text FROM settlement_item i WHERE i.channel_id = "
                        + ch.channelId())))
        .isEqualTo(c.fee);
    assertThat(
            text(
                "SELECT COALESCE(sum(amount), 0)::text FROM posting WHERE account = 'model:"
                    + model
                    + ":earned'"))
        .isEqualTo("0");
    given()
        .get("/v1/earnings?owner=" + owner.getAddress())
        .then()
        .statusCode(200)
        .body("paid", equalTo(after.subtract(before).toString()))
        .body("models[0].modelId", equalTo(model.toString()))
        .body("models[0].pending", equalTo("0"))
        .body("models[0].inTransit", equalTo("0"))
        .body("models[0].features[0].charged", equalTo(charged.toString()));
    given().get("/v1/earnings?owner=nobody").then().statusCode(400);
    given()
        .get(io.soa.testing.PrometheusText.managementUrl())
        .then()
        .body(org.hamcrest.Matchers.containsString("soa_payment_charge_seconds_count"))
        .body(org.hamcrest.Matchers.containsString("soa_payment_unsettled_wei"));
    // settling spends the settlement key's gas: not for the gateway, a stranger, or everyone
    for (String who :
        List.of(
            PaymentFixture.gatewayToken(),
            PaymentFixture.tokens().token("0x90f79bf6eb2c4f870365e785982e1f101e93b906"))) {
      given()
          .auth()
          .oauth2(who)
          .post("/v1/settlements?modelId=" + model)
          .then()
          .statusCode(403)
          .body("type", equalTo("/problems#settlement-not-allowed"));
    }
    String ownerToken = PaymentFixture.tokens().token(owner.getAddress().toLowerCase());
    given().auth().oauth2(ownerToken).post("/v1/settlements").then().statusCode(403);
    // nothing more to claim: no second settlement (its owner, or an operator, may ask)
    given()
        .auth()
        .oauth2(ownerToken)
        .post("/v1/settlements?modelId=" + model)
        .then()
        .statusCode(200)
        .body("settlements.size()", equalTo(0));
    given()
        .auth()
        .oauth2(PaymentFixture.tokens().operatorToken("0x" + "0e".repeat(20)))
        .post("/v1/settlements?modelId=" + model)
        .then()
        .statusCode(200)
        .body("settlements.size()", equalTo(0));

    // a charge given back after its claim was paid (the gateway's release came late): the chain
    // stays paid, the amount is the channel's credit for its next call, and nothing is over-claimed
    String last =
        text(
            "SELECT charge_id::text FROM charge WHERE channel_id = "
                + ch.channelId()
                + " ORDER BY charged_after DESC LIMIT 1");
    given()
        .auth()
        .oauth2(PaymentFixture.gatewayToken())
        .post("/v1/charges/" + last + "/release")
        .then()
        .statusCode(200);
    given()
        .get("/v1/reconciliation")
        .then()
        .statusCode(200)
        .body("overClaimedChannels", equalTo(0))
        .body(
            "channels.find { it.channelId == '" + ch.channelId() + "' }.creditAhead",
            equalTo(PRICE.toString()))
        .body(
            "channels.find { it.channelId == '" + ch.channelId() + "' }.claimedOnChain",
            equalTo(charged.toString()));
  }

  @Test
  void aSoldModelPaysItsNewOwnerAndAClaimTheChainSkipsIsSentAgainNeverPaidTwice() throws Exception {
    Setup u = setUp();
    Credentials buyer = DevAccounts.account(2);
    for (int i = 1; i <= 3; i++) {
      BigInteger cumulative = PRICE.multiply(BigInteger.valueOf(i));
      PaymentFixture.charge(
              PaymentFixture.body(
                  "k-" + UUID.randomUUID(),
                  u.channel(),
                  cumulative,
                  PaymentFixture.sign(u.channel(), cumulative),
                  "pos-tags"))
          .then()
          .statusCode(201);
    }
    BigInteger charged = PRICE.multiply(BigInteger.valueOf(3));
    // the owner sells the model token before settlement: the escrow pays whoever owns it then
    assertThat(
            u.registry()
                .transferFrom(u.owner().getAddress(), buyer.getAddress(), u.model())
                .send()
                .isStatusOK())
        .isTrue();
    BigInteger buyerBefore = u.soa().balanceOf(buyer.getAddress()).send();
    String channel = u.channel().channelId().toString();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                TestDb.count(
                        DB,
                        "SELECT count(*) FROM settlement s JOIN settlement_item i USING"
                            + " (settlement_id) WHERE s.tx_hash IS NOT NULL AND i.channel_id = "
                            + channel)
                    == 1);
    String first =
        text(
            "SELECT tx_hash FROM settlement s JOIN settlement_item i USING (settlement_id)"
                + " WHERE i.channel_id = "
                + channel);
    var claimed =
        UsageEscrow.getChannelClaimedEvents(
                u.web3j()
                    .ethGetTransactionReceipt(first)
                    .send()
                    .getTransactionReceipt()
                    .orElseThrow())
            .get(0);
    assertThat(claimed.payee.toLowerCase()).isEqualTo(buyer.getAddress().toLowerCase());
    assertThat(u.soa().balanceOf(buyer.getAddress()).send().subtract(buyerBefore))
        .isEqualTo(claimed.paid.subtract(claimed.fee));

    // the service is told the claim was skipped (as the indexer would relay a ClaimSkipped):
    // the channel is free again and the settler sends the same voucher once more
    publish(
        Topics.CHAIN_ESCROW,
        channel,
        new ClaimSkipped(
            u.chainId(),
            block(claimed.log),
            claimed.log.getBlockHash(),
            PaymentFixture.hash(),
            0,
            false,
            u.escrowAt(),
            channel,
            "0x12345678"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                TestDb.count(
                        DB,
                        "SELECT count(*) FROM settlement s JOIN settlement_item i USING"
                            + " (settlement_id) WHERE s.tx_hash IS NOT NULL AND i.channel_id = "
                            + channel)
                    == 2);
    String second =
        text(
            "SELECT s.tx_hash FROM settlement s JOIN settlement_item i USING (settlement_id)"
                + " WHERE i.channel_id = "
                + channel
                + " AND s.tx_hash <> '"
                + first
                + "'");
    TransactionReceipt again =
        u.web3j().ethGetTransactionReceipt(second).send().getTransactionReceipt().orElseThrow();
    // the contract refuses a voucher already claimed: skipped, nothing paid twice
    assertThat(UsageEscrow.getChannelClaimedEvents(again)).isEmpty();
    assertThat(UsageEscrow.getClaimSkippedEvents(again)).hasSize(1);
    assertThat(u.soa().balanceOf(buyer.getAddress()).send().subtract(buyerBefore))
        .isEqualTo(claimed.paid.subtract(claimed.fee));

    // the real claim's event arrives: the channel is settled once, to the wei
    publishClaimed(u.chainId(), u.escrowAt(), u.model(), claimed);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/v1/channels/" + channel)
                    .then()
                    .body("claimedOnChain", equalTo(charged.toString())));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                text("SELECT COALESCE(sum(amount), 0)::text FROM posting WHERE account ="
                        + " 'owner:"
                        + buyer.getAddress().toLowerCase()
                        + ":paid'")
                    .equals(claimed.paid.subtract(claimed.fee).toString()));
    assertThat(text("SELECT COALESCE(sum(amount), 0)::text FROM posting")).isEqualTo("0");
  }

  @Test
  void aClaimTheNodeLostIsSentAgainAndAStuckOneIsReplacedAtAHigherGasPriceAndPaidOnce()
      throws Exception {
    Setup u = setUp();
    Opened ch = u.channel();
    BigInteger before = u.soa().balanceOf(u.owner().getAddress()).send();
    for (int i = 1; i <= 3; i++) {
      BigInteger cumulative = PRICE.multiply(BigInteger.valueOf(i));
      PaymentFixture.charge(
              PaymentFixture.body(
                  "r-" + UUID.randomUUID(),
                  ch,
                  cumulative,
                  PaymentFixture.sign(ch, cumulative),
                  "pos-tags"))
          .then()
          .statusCode(201);
    }
    BigInteger charged = PRICE.multiply(BigInteger.valueOf(3));
    DevChain dev = new DevChain(new HttpService(PaymentFixture.config("soa.chain.rpc-url")));
    String txs =
        "SELECT count(*) FROM settlement_tx t JOIN settlement_item i USING (settlement_id)"
            + " WHERE i.channel_id = "
            + ch.channelId();
    String rows =
        "SELECT t.tx_hash || ' ' || t.nonce || ' ' || t.gas_price FROM settlement_tx t JOIN"
            + " settlement_item i USING (settlement_id) WHERE i.channel_id = "
            + ch.channelId()
            + " ORDER BY t.gas_price";
    dev.setAutomine(false); // nothing is mined: the claim waits in the mempool
    List<String> sent;
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count(DB, txs) == 1);
      String first = TestDb.column(DB, rows).get(0).split(" ")[0];
      dev.dropTransaction(first); // ... and the node loses it
      // not mined after the resubmit wait: sent again at a higher gas price, and once more
      await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count(DB, txs) >= 3);
      sent = TestDb.column(DB, rows);
    } finally {
      dev.setAutomine(true);
    }
    dev.mine();
    String[] a = sent.get(0).split(" ");
    String[] b = sent.get(1).split(" ");
    String[] c = sent.get(2).split(" ");
    assertThat(b[1]).as("a replacement keeps the nonce").isEqualTo(a[1]);
    assertThat(c[1]).isEqualTo(a[1]);
    assertThat(new BigInteger(b[2])).isGreaterThan(new BigInteger(a[2]));
    assertThat(new BigInteger(c[2])).isGreaterThan(new BigInteger(b[2]));

    // exactly one of the transactions is mined; its claim confirms the settlement
    TransactionReceipt mined = null;
    int receipts = 0;
    for (String row : TestDb.column(DB, rows)) {
      var r = u.web3j().ethGetTransactionReceipt(row.split(" ")[0]).send().getTransactionReceipt();
      if (r.isPresent()) {
        mined = r.get();
        receipts++;
      }
    }
    assertThat(receipts).isEqualTo(1);
    var claim = UsageEscrow.getChannelClaimedEvents(mined).get(0);
    assertThat(claim.paid).isEqualTo(charged);
    publishClaimed(u.chainId(), u.escrowAt(), u.model(), claim);
    String state =
        "SELECT s.state FROM settlement s JOIN settlement_item i USING (settlement_id)"
            + " WHERE i.channel_id = "
            + ch.channelId();
    await().atMost(Duration.ofSeconds(30)).until(() -> "confirmed".equals(text(state)));
    assertThat(u.soa().balanceOf(u.owner().getAddress()).send().subtract(before))
        .isEqualTo(claim.paid.subtract(claim.fee));
    given()
        .get("/v1/channels/" + ch.channelId())
        .then()
        .body("claimedOnChain", equalTo(charged.toString()))
        .body("inFlight", equalTo("0"));
  }

  /** The indexer's ChannelClaimed for a claim the real escrow emitted (from its log). */
  static void publishClaimed(
      long chainId, String escrow, BigInteger model, UsageEscrow.ChannelClaimedEventResponse c) {
    publish(
        Topics.CHAIN_ESCROW,
        c.channelId.toString(),
        new ChannelClaimed(
            chainId,
            block(c.log),
            c.log.getBlockHash(),
            c.log.getTransactionHash(),
            c.log.getLogIndex().longValueExact(),
            false,
            escrow,
            c.channelId.toString(),
            model.toString(),
            c.payee.toLowerCase(),
            c.cumulativeAmount.toString(),
            c.paid.toString(),
            c.fee.toString()));
  }

  static void publish(String topic, String key, ChainEvent e) {
    PaymentFixture.publish(topic, key, e);
  }
}
