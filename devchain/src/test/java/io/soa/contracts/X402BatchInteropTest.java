package io.soa.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.soa.contracts.generated.X402BatchSettlement;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/**
 * Our X402BatchSettlement, at the address x402's clients have built in, is the contract x402's own
 * {@code batch-settlement} code expects: the official client (a fresh wallet with $SOA and no ETH)
 * deposits and signs vouchers, the official facilitator deposits, claims, settles and refunds on
 * anvil, and every wei ends where it should. Our Java hashing computes the same channel id.
 */
class X402BatchInteropTest extends ChainTestBase {
  @Test
  void theOfficialClientAndFacilitatorRunAChannel() throws Exception {
    Credentials payer = Credentials.create(Keys.createEcKeyPair());
    String payTo = Credentials.create(Keys.createEcKeyPair()).getAddress();
    Credentials facilitator = DevAccounts.settlement(); // anvil's dev account 5: local only
    Credentials authorizer = Credentials.create(Keys.createEcKeyPair());
    BigInteger price = new BigInteger("1000000000000000"); // 0.001 $SOA
    int calls = 12;
    fund(payer, soa(1));

    JsonNode out = runNode(payer, payTo, facilitator, authorizer, price, calls);
    System.out.println("x402 batch-settlement, official client and facilitator: " + out);

    assertThat(out.path("firstType").asText()).isEqualTo("deposit");
    assertThat(out.path("depositVerified").path("isValid").asBoolean()).as(out.toString()).isTrue();
    assertThat(out.path("deposited").path("success").asBoolean()).as(out.toString()).isTrue();
    // every call after the first was a voucher, or a top-up deposit when the balance ran short
    BigInteger deposited = BigInteger.ZERO;
    for (JsonNode d : out.path("deposits")) {
      deposited = deposited.add(new BigInteger(d.asText()));
    }
    assertThat(out.path("vouchers").asInt() + out.path("deposits").size()).isEqualTo(calls);
    for (String h : new String[] {"aboveDeposit", "otherChannel", "otherPayee", "otherChain"}) {
      assertThat(out.path("hostile").path(h).path("isValid").asBoolean()).as(h).isFalse();
    }
    assertThat(out.path("hostile").path("replayedDeposit").path("success").asBoolean())
        .as("a deposit authorization funds once")
        .isFalse();
    assertThat(out.path("claimed").path("success").asBoolean()).as(out.toString()).isTrue();
    assertThat(out.path("settled").path("success").asBoolean()).as(out.toString()).isTrue();
    assertThat(out.path("refunded").path("success").asBoolean()).as(out.toString()).isTrue();

    BigInteger spent = price.multiply(BigInteger.valueOf(calls));
    assertThat(out.path("refunded").path("amount").asText())
        .isEqualTo(deposited.subtract(spent).toString());
    assertThat(out.path("maxClaimable").asText()).isEqualTo(spent.toString());
    // every wei: the calls to the receiver, the rest back to the payer, nothing left in escrow
    assertThat(soaBalance(payTo)).isEqualTo(spent);
    assertThat(soaBalance(payer.getAddress())).isEqualTo(soa(1).subtract(spent));
    assertThat(soaBalance(BatchChannels.SETTLEMENT)).isZero();
    assertThat(soaBalance(BatchChannels.ERC3009_COLLECTOR)).isZero();
    assertThat(
            web3j
                .ethGetBalance(payer.getAddress(), DefaultBlockParameterName.LATEST)
                .send()
                .getBalance())
        .isZero();

    // one channel id, whoever computes it: x402's client, the contract and our Java
    var config =
        new BatchChannels.Config(
            payer.getAddress(),
            payer.getAddress(),
            payTo,
            authorizer.getAddress(),
            addr("SOAToken"),
            900,
            new byte[32]);
    byte[] ours =
        new BatchChannels(deployment.chainId(), BatchChannels.SETTLEMENT).channelId(config);
    X402BatchSettlement settlement =
        Chain.load(X402BatchSettlement.class, BatchChannels.SETTLEMENT, web3j, ADMIN);
    assertThat(Numeric.toHexString(ours)).isEqualTo(out.path("channelId").asText());
    assertThat(read(settlement.getChannelId(config.struct()))).isEqualTo(ours);
    var channel = read(settlement.channels(ours));
    assertThat(channel.component1()).isEqualTo(spent); // balance: all of it claimed
    assertThat(channel.component2()).isEqualTo(spent);
  }

  private static JsonNode runNode(
      Credentials payer,
      String payTo,
      Credentials facilitator,
      Credentials authorizer,
      BigInteger price,
      int calls)
      throws Exception {
    return NodeScripts.run(
        "x402-batch.mjs",
        anvil.rpcUrl(),
        Long.toString(deployment.chainId()),
        addr("SOAToken"),
        payTo,
        price.toString(),
        Integer.toString(calls),
        key(payer),
        key(facilitator),
        key(authorizer));
  }

  private static String key(Credentials c) {
    return NodeScripts.key(c);
  }
}
