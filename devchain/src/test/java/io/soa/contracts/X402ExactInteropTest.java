package io.soa.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.soa.devchain.DevAccounts;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/**
 * $SOA is payable by x402's {@code exact} scheme as its users run it: the official npm client
 * ({@code @x402/evm}, pinned) signs an ERC-3009 authorization for a fresh wallet that holds $SOA
 * and no ETH, and the official facilitator code verifies it and settles it on anvil, paying the
 * gas. The value moves once, to the payee named in the requirements; a payload whose amount was
 * raised after signing, and the same payload again, are refused.
 */
class X402ExactInteropTest extends ChainTestBase {
  @Test
  void theOfficialClientAndFacilitatorPayInSoa() throws Exception {
    Credentials payer = Credentials.create(Keys.createEcKeyPair()); // fresh: $SOA, no ETH
    String payTo = Credentials.create(Keys.createEcKeyPair()).getAddress();
    Credentials facilitator = DevAccounts.settlement(); // anvil's dev account 5: local only
    BigInteger price = new BigInteger("5000000000000000"); // 0.005 $SOA
    fund(payer, soa(1));

    JsonNode out = runNode(payer, payTo, facilitator, price);
    System.out.println("x402 exact, official client and facilitator: " + out);

    assertThat(out.path("payer").asText()).isEqualToIgnoringCase(payer.getAddress());
    assertThat(out.path("tampered").path("isValid").asBoolean()).as("raised amount").isFalse();
    assertThat(out.path("verified").path("isValid").asBoolean()).as(out.toString()).isTrue();
    JsonNode settled = out.path("settled");
    assertThat(settled.path("success").asBoolean()).as(out.toString()).isTrue();
    String tx = settled.path("transaction").asText();
    assertThat(web3j.ethGetTransactionReceipt(tx).send().getTransactionReceipt())
        .hasValueSatisfying(
            r -> assertThat(r.getFrom()).isEqualToIgnoringCase(facilitator.getAddress()));
    assertThat(out.path("replayVerified").path("isValid").asBoolean()).as("replay").isFalse();
    JsonNode replay = out.path("replaySettled");
    if (replay.path("success").asBoolean()) { // the facilitator's own retry: the same transaction
      assertThat(replay.path("transaction").asText()).isEqualTo(tx);
    }

    // every wei: the price moved once, to the payee; the payer spent no ETH
    assertThat(soaBalance(payTo)).isEqualTo(price);
    assertThat(soaBalance(payer.getAddress())).isEqualTo(soa(1).subtract(price));
    assertThat(
            web3j
                .ethGetBalance(payer.getAddress(), DefaultBlockParameterName.LATEST)
                .send()
                .getBalance())
        .isZero();
    byte[] nonce = Numeric.hexStringToByteArray(out.path("nonce").asText());
    assertThat(read(soa(ADMIN).authorizationState(payer.getAddress(), nonce))).isTrue();
  }

  private static JsonNode runNode(
      Credentials payer, String payTo, Credentials facilitator, BigInteger price) throws Exception {
    return NodeScripts.run(
        "x402-exact.mjs",
        anvil.rpcUrl(),
        Long.toString(deployment.chainId()),
        addr("SOAToken"),
        payTo,
        price.toString(),
        key(payer),
        key(facilitator));
  }

  private static String key(Credentials c) {
    return NodeScripts.key(c);
  }
}
