package io.soa.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.soa.contracts.TransferAuthorizations;
import io.soa.contracts.TransferAuthorizations.Authorization;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/** The exact payment: what an offer asks, signed so that its ERC-3009 digest recovers the payer. */
class ExactPaymentTest {
  static ObjectNode offer() {
    ObjectNode o = Http.JSON.createObjectNode();
    o.put("scheme", "exact")
        .put("network", "eip155:31337")
        .put("amount", "1500")
        .put("asset", "0x5fbdb2315678afecb367f032d93f642f64180aa3")
        .put("payTo", "0x" + "ab".repeat(20))
        .put("maxTimeoutSeconds", 120);
    o.putObject("extra").put("name", "SOA").put("version", "1");
    return o;
  }

  @Test
  void theAuthorizationPaysTheOfferAndIsSignedByThePayer() throws Exception {
    Wallet payer =
        Wallet.fromKey(
            Numeric.toHexStringNoPrefixZeroPadded(Keys.createEcKeyPair().getPrivateKey(), 64));
    ExactPayment p = ExactPayment.sign(offer(), payer);
    JsonNode payment = ExactPayment.decode(p.header());
    assertThat(payment.path("x402Version").asInt()).isEqualTo(2);
    assertThat(payment.path("accepted")).isEqualTo(offer());
    JsonNode a = payment.at("/payload/authorization");
    assertThat(a.path("from").asText()).isEqualTo(payer.address());
    assertThat(a.path("to").asText()).isEqualTo("0x" + "ab".repeat(20));
    assertThat(a.path("value").asText()).isEqualTo("1500");
    assertThat(a.path("nonce").asText()).isEqualTo(p.nonce()).matches("^0x[0-9a-f]{64}$");
    Authorization auth =
        new Authorization(
            a.path("from").asText(),
            a.path("to").asText(),
            new BigInteger(a.path("value").asText()),
            new BigInteger(a.path("validAfter").asText()),
            new BigInteger(a.path("validBefore").asText()),
            Numeric.hexStringToByteArray(a.path("nonce").asText()));
    byte[] digest =
        new TransferAuthorizations("SOA", "1", 31337, offer().path("asset").asText()).digest(auth);
    byte[] sig = Numeric.hexStringToByteArray(payment.at("/payload/signature").asText());
    var data =
        new Sign.SignatureData(
            sig[64],
            java.util.Arrays.copyOfRange(sig, 0, 32),
            java.util.Arrays.copyOfRange(sig, 32, 64));
    assertThat("0x" + Keys.getAddress(Sign.signedMessageHashToKey(digest, data)))
        .isEqualTo(payer.address());
  }

  @Test
  void onlyAnExactEvmOfferWithItsDomainIsPayable() {
    assertThat(ExactPayment.payable(offer())).isTrue();
    assertThat(ExactPayment.payable(offer().put("scheme", "upto"))).isFalse();
    assertThat(ExactPayment.payable(offer().put("network", "solana:mainnet"))).isFalse();
    assertThat(ExactPayment.payable(offer().put("amount", "-1"))).isFalse();
    ObjectNode noDomain = offer();
    noDomain.remove("extra");
    assertThat(ExactPayment.payable(noDomain)).isFalse();
  }
}
