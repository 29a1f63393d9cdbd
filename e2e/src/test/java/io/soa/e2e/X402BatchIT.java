package io.soa.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.soa.contracts.BatchChannels;
import io.soa.contracts.BatchPayloads;
import io.soa.contracts.Payees;
import io.soa.contracts.generated.ModelPayees;
import io.soa.contracts.generated.SOAToken;
import io.soa.contracts.generated.X402BatchSettlement;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.RepoRoot;
import io.soa.events.EventCodec;
import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * An x402 client pays for a model's calls from a {@code batch-settlement} channel at the gateway,
 * end to end on the packaged services with x402's own {@code @x402/fetch} and {@code @x402/evm}
 * client: a fresh payer with $SOA and no ETH deposits once (ERC-3009, the facilitator pays the gas)
 * and pays 50 calls by cumulative vouchers; a replayed voucher, a forged payee and two vouchers at
 * once are refused (one call paid, never two); a client that lost its state is resynchronised by
 * the corrective 402; the cooperative refund claims and settles what was charged to the model's
 * payee and returns the rest. Every wei is summed, through the payee's release to the model's
 * owner.
 */
class X402BatchIT extends OnSharedStack {
  static final int CALLS = 50;

  @Test
  void theOfficialClientPaysFiftyCallsFromOneChannelAndIsRefundedTheRest() throws Exception {
    Suite suite = GatewayIT.suite;
    Credentials owner = DevAccounts.account(1);
    BigInteger model = GatewayIT.model(owner);
    Credentials payer = Credentials.create(Keys.createEcKeyPair());
    BigInteger price = GatewayIT.PRICE;
    BigInteger deposit = price.multiply(BigInteger.valueOf(60));
    BigInteger minted = price.multiply(BigInteger.valueOf(100));
    suite
        .as(SOAToken.class, "SOAToken", DevAccounts.deployer())
        .mint(payer.getAddress(), minted)
        .send();
    String payee = new Payees(suite.stack.deployment().address("ModelPayees")).of(model);
    BigInteger payeeBefore = X402IT.balance(payee);

    String url = GatewayIT.licensing + "/v1/models/" + model + "/features/tokens/invoke";
    X402IT.offered(url, "{}");
    JsonNode r = run(url, payer, deposit);
    System.out.println("@x402/fetch batch-settlement against the gateway: " + r);

    // 50 calls: the first deposits (its transaction), each is charged the price, cumulatively
    JsonNode calls = r.path("calls");
    assertThat(calls.size()).isEqualTo(CALLS);
    for (int i = 0; i < CALLS; i++) {
      JsonNode c = calls.get(i);
      assertThat(c.path("status").asInt()).as(c.toString()).isEqualTo(200);
      assertThat(c.path("access").asText()).isEqualTo("x402");
      assertThat(c.path("requestId").asText()).startsWith("x402b:" + r.path("channelId").asText());
      assertThat(c.path("charged").asText()).isEqualTo(price.toString());
      assertThat(c.path("cumulative").asText())
          .isEqualTo(price.multiply(BigInteger.valueOf(i + 1L)).toString());
    }
    assertThat(calls.get(0).path("transaction").asText()).matches("^0x[0-9a-f]{64}$");
    assertThat(calls.get(0).path("amount").asText()).isEqualTo(deposit.toString());
    assertThat(calls.get(1).path("transaction").asText()).isEmpty();

    assertThat(r.at("/hostile/replay/status").asInt()).isEqualTo(409);
    assertThat(r.at("/hostile/replay/type").asText())
        .isEqualTo("/problems#request-already-answered");
    assertThat(r.at("/hostile/otherPayee/status").asInt()).isEqualTo(402);
    assertThat(r.at("/hostile/otherPayee/error").asText())
        .startsWith("invalid_batch_settlement_evm_");
    JsonNode both = r.at("/hostile/concurrent");
    long paid = 0;
    for (JsonNode b : both) {
      paid += b.path("status").asInt() == 200 ? 1 : 0;
      assertThat(b.path("status").asInt()).as(b.toString()).isIn(200, 402, 409);
    }
    assertThat(paid).as("two vouchers for one call: one call paid").isEqualTo(1);

    // a client whose state is an old snapshot: corrected by the 402, then it pays the next call
    int charged = CALLS + 2;
    assertThat(r.at("/recovered/status").asInt()).isEqualTo(200);
    assertThat(r.at("/recovered/cumulative").asText())
        .isEqualTo(price.multiply(BigInteger.valueOf(charged)).toString());

    // the refund: what was charged claimed and settled to the payee, the rest back to the payer
    BigInteger spent = price.multiply(BigInteger.valueOf(charged));
    JsonNode refund = r.path("refund");
    assertThat(refund.path("success").asBoolean()).as(refund.toString()).isTrue();
    assertThat(refund.path("amount").asText()).isEqualTo(deposit.subtract(spent).toString());
    assertThat(X402IT.balance(payer.getAddress())).isEqualTo(minted.subtract(spent));
    assertThat(X402IT.balance(payee)).isEqualTo(payeeBefore.add(spent));
    var settlement =
        Chain.load(
            X402BatchSettlement.class,
            BatchChannels.SETTLEMENT,
            suite.web3j,
            DevAccounts.deployer());
    var channel =
        settlement.channels(Numeric.hexStringToByteArray(r.path("channelId").asText())).send();
    assertThat(channel.component1()).as("balance: all of it claimed").isEqualTo(spent);
    assertThat(channel.component2()).isEqualTo(spent);

    // the discovery listing offers the same channel beside exact
    assertThat(
            io.restassured.RestAssured.given()
                .get(GatewayIT.licensing + "/v1/x402/discovery/resources?limit=100")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .<String>getList("items.accepts.flatten().scheme"))
        .contains("exact", "batch-settlement");

    // the payee's release pays the model's owner and the platform fee, to the wei
    BigInteger held = X402IT.balance(payee);
    String treasury = suite.stack.deployment().treasury();
    BigInteger ownerBefore = X402IT.balance(owner.getAddress());
    BigInteger treasuryBefore = X402IT.balance(treasury);
    suite.as(ModelPayees.class, "ModelPayees", DevAccounts.deployer()).release(model).send();
    assertThat(X402IT.balance(payee)).isZero();
    assertThat(
            X402IT
                .balance(owner.getAddress())
                .subtract(ownerBefore)
                .add(X402IT.balance(treasury).subtract(treasuryBefore)))
        .isEqualTo(held);
  }

  private static JsonNode run(String url, Credentials payer, BigInteger deposit) throws Exception {
    var d = GatewayIT.suite.stack.deployment();
    Process p =
        new ProcessBuilder(
                "node",
                RepoRoot.find().resolve("e2e/src/test/js/x402-batch-pay.mjs").toString(),
                url,
                Numeric.toHexStringWithPrefixZeroPadded(payer.getEcKeyPair().getPrivateKey(), 64),
                d.rpcUrl(),
                Long.toString(d.chainId()),
                Integer.toString(CALLS),
                deposit.toString(),
                "{\"text\": \"Paid from a channel.\"}",
                d.address("SOAToken"),
                GatewayIT.PRICE.multiply(BigInteger.TWO).toString()) // the payer's cap per call
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(4, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return EventCodec.JSON.readTree(out.strip().lines().reduce((x, y) -> y).orElse("{}"));
  }

  /**
   * A call whose attempt was charged to its channel and cut off before it answered (the gateway
   * killed between the charge and its decision: here its access_call row in flight and the charge
   * made at payment-service, as they stand after such a crash) is served when the payer sends the
   * same voucher again, with no second charge; sent once more, it is answered 409.
   */
  @Test
  void aCallCutOffAfterItsChargeIsServedOnceWhenItsVoucherIsSentAgain() throws Exception {
    Suite suite = GatewayIT.suite;
    BigInteger model = GatewayIT.model(DevAccounts.account(1));
    Credentials payer = Credentials.create(Keys.createEcKeyPair());
    BigInteger price = GatewayIT.PRICE;
    suite
        .as(SOAToken.class, "SOAToken", DevAccounts.deployer())
        .mint(payer.getAddress(), price.multiply(BigInteger.TEN))
        .send();
    String url = GatewayIT.licensing + "/v1/models/" + model + "/features/tokens/invoke";
    String body = "{\"text\": \"Cut off.\"}";
    JsonNode offer = null;
    for (JsonNode a :
        EventCodec.JSON
            .readTree(
                java.util.Base64.getDecoder()
                    .decode(X402IT.offered(url, body).header("PAYMENT-REQUIRED")))
            .path("accepts")) {
      offer = "batch-settlement".equals(a.path("scheme").asText()) ? a : offer;
    }
    assertThat(offer).isNotNull();
    var d = suite.stack.deployment();
    var payloads = new BatchPayloads(d.chainId(), BatchChannels.SETTLEMENT, offer);
    byte[] salt = new byte[32];
    new java.security.SecureRandom().nextBytes(salt);
    var config = BatchPayloads.config(payer.getAddress(), offer, salt);
    var first =
        payloads.deposit(
            offer,
            config,
            price.multiply(BigInteger.valueOf(5)),
            price,
            java.time.Instant.now().getEpochSecond() + 300,
            BigInteger.valueOf(7),
            payer.getEcKeyPair());
    assertThat(send(url, body, first).statusCode()).isEqualTo(200);

    // the cut-off attempt of the second call: charged at payment-service, in flight at the gateway
    BigInteger two = price.multiply(BigInteger.TWO);
    var second = payloads.voucher(offer, config, two, payer.getEcKeyPair(), "voucher");
    String channel = second.at("/payload/voucher/channelId").asText();
    String requestId = "x402b:" + channel + ":" + two;
    var begin = EventCodec.JSON.createObjectNode().put("requestId", requestId);
    begin.set("paymentPayload", second);
    begin.set("paymentRequirements", offer);
    assertThat(channels("begin", begin.toString()).path("ok").asBoolean()).isTrue();
    var commit =
        EventCodec.JSON
            .createObjectNode()
            .put("channelId", channel)
            .put("requestId", requestId)
            .put("amount", price.toString())
            .put("network", offer.path("network").asText());
    channels("commit", commit.toString());
    try (java.sql.Connection db = suite.stack.postgres().connect("e2e_licensing");
        java.sql.PreparedStatement st =
            db.prepareStatement(
                "INSERT INTO access_call (request_key, fingerprint, state, attempt, started_at)"
                    + " VALUES (?, ?, 'in-flight', 1, now() - interval '1 hour')")) {
      st.setString(1, payer.getAddress().toLowerCase() + ":" + requestId);
      st.setString(
          2,
          model
              + ":tokens:"
              + java.util.HexFormat.of()
                  .formatHex(
                      java.security.MessageDigest.getInstance("SHA-256")
                          .digest(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
      st.executeUpdate();
    }

    var served = send(url, body, second);
    assertThat(served.statusCode()).as(served.asString()).isEqualTo(200);
    JsonNode response =
        EventCodec.JSON.readTree(
            java.util.Base64.getDecoder().decode(served.header("PAYMENT-RESPONSE")));
    assertThat(response.at("/extra/channelState/chargedCumulativeAmount").asText())
        .isEqualTo(two.toString());
    assertThat(send(url, body, second).statusCode()).isEqualTo(409);
    try (java.sql.Connection db = suite.stack.postgres().connect("e2e_payment");
        java.sql.PreparedStatement st =
            db.prepareStatement(
                "SELECT count(*), sum(amount) FROM x402_channel_charge WHERE channel_id = ?")) {
      st.setString(1, channel);
      try (var rs = st.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).as("two calls, two charges").isEqualTo(2);
        assertThat(rs.getBigDecimal(2).toBigIntegerExact()).isEqualTo(two);
      }
    }
  }

  private static io.restassured.response.Response send(String url, String body, JsonNode payment) {
    return io.restassured.RestAssured.given()
        .contentType(io.restassured.http.ContentType.JSON)
        .body(body)
        .header(
            "PAYMENT-SIGNATURE",
            java.util.Base64.getEncoder()
                .encodeToString(
                    payment.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .post(url);
  }

  private static JsonNode channels(String op, String body) throws Exception {
    return EventCodec.JSON.readTree(
        io.restassured.RestAssured.given()
            .auth()
            .oauth2(GatewayIT.suite.stack.tokens().gatewayToken(java.time.Duration.ofMinutes(5)))
            .contentType(io.restassured.http.ContentType.JSON)
            .body(body)
            .post(GatewayIT.payments + "/v1/x402/channels/" + op)
            .then()
            .statusCode(200)
            .extract()
            .asString());
  }
}
