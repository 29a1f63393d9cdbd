package io.soa.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.soa.contracts.BatchChannels;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
class X402BatchIT {
  static final int CALLS = 50;

  @BeforeAll
  static void startSuite() throws Exception {
    GatewayIT.startSuite();
  }

  @AfterAll
  static void stopUpstream() {
    GatewayIT.stopUpstream();
  }

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

    String mismatch = "invalid_batch_settlement_evm_cumulative_amount_mismatch";
    assertThat(r.at("/hostile/replay/status").asInt()).isEqualTo(402);
    assertThat(r.at("/hostile/replay/error").asText()).isEqualTo(mismatch);
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
}
