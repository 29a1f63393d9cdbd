package io.soa.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.soa.client.SoaClient;
import io.soa.client.SpendingCap;
import io.soa.client.SpendingCapExceeded;
import io.soa.client.Wallet;
import io.soa.client.X402Client;
import io.soa.contracts.Payees;
import io.soa.contracts.generated.LicenseToken;
import io.soa.contracts.generated.SOAToken;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.RepoRoot;
import io.soa.events.EventCodec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * The client SDK ({@code client}) against the packaged suite: a payer's call is served on its
 * licence when one covers it, else paid with x402 within its cap (never above it, whatever is
 * asked); the same x402 client pays a server built from x402's own {@code @x402/express}. The
 * command line over it is {@link CliIT}.
 */
class ClientIT extends OnSharedStack {
  static SoaClient client;

  @BeforeAll
  static void connect() {
    client =
        new SoaClient(
            new SoaClient.Urls(GatewayIT.licensing, GatewayIT.payments, GatewayIT.catalog));
  }

  static Wallet funded(Credentials who, BigInteger amount) throws Exception {
    GatewayIT.suite
        .as(SOAToken.class, "SOAToken", DevAccounts.deployer())
        .mint(who.getAddress(), amount)
        .send();
    return Wallet.fromKey(
        Numeric.toHexStringWithPrefixZeroPadded(who.getEcKeyPair().getPrivateKey(), 64));
  }

  static String soa() {
    return GatewayIT.suite.stack.deployment().address("SOAToken");
  }

  @Test
  void aCallIsPaidWithX402WithinTheCapAndNeverAboveIt() throws Exception {
    BigInteger model = GatewayIT.model(DevAccounts.account(1));
    BigInteger price = GatewayIT.PRICE;
    Credentials who = Credentials.create(Keys.createEcKeyPair()); // $SOA, and no ETH
    Wallet payer = funded(who, price.multiply(BigInteger.TEN));
    String payee = new Payees(GatewayIT.suite.stack.deployment().address("ModelPayees")).of(model);
    BigInteger payeeBefore = X402IT.balance(payee);
    X402IT.offered(GatewayIT.licensing + "/v1/models/" + model + "/features/tokens/invoke", "{}");
    assertThat(client.x402Asset()).isEqualToIgnoringCase(soa());

    // signed in, no licence: paid with x402, once
    String token = client.signIn(payer);
    SpendingCap cap = new SpendingCap(price, price.multiply(BigInteger.TWO));
    X402Client x402 = new X402Client(payer, cap, soa());
    SoaClient.Call c =
        client.call(model.toString(), "tokens", "{\"text\": \"SDK.\"}".getBytes(), token, x402);
    assertThat(c.status()).isEqualTo(200);
    assertThat(c.access()).isEqualTo("x402");
    assertThat(c.text()).contains("SDK.");
    assertThat(c.payment().amount()).isEqualTo(price);
    assertThat(c.payment().settlement().path("success").asBoolean()).isTrue();
    assertThat(X402IT.balance(who.getAddress())).isEqualTo(price.multiply(BigInteger.valueOf(9)));
    assertThat(X402IT.balance(payee)).isEqualTo(payeeBefore.add(price));
    assertThat(cap.spent()).isEqualTo(price);

    // a cap below the price: refused before anything is signed, nothing moves
    X402Client stingy =
        new X402Client(payer, new SpendingCap(price.subtract(BigInteger.ONE), price), soa());
    assertThatThrownBy(() -> client.call(model.toString(), "tokens", "{}".getBytes(), null, stingy))
        .isInstanceOf(SpendingCapExceeded.class)
        .hasMessageContaining("cap per call");
    // and the budget: one more call fits, the next does not
    client.call(model.toString(), "tokens", "{}".getBytes(), null, x402);
    assertThatThrownBy(() -> client.call(model.toString(), "tokens", "{}".getBytes(), null, x402))
        .isInstanceOf(SpendingCapExceeded.class)
        .hasMessageContaining("budget");
    assertThat(X402IT.balance(who.getAddress())).isEqualTo(price.multiply(BigInteger.valueOf(8)));
    assertThat(X402IT.balance(payee)).isEqualTo(payeeBefore.add(price.multiply(BigInteger.TWO)));
  }

  @Test
  void aLicenceThatCoversTheCallPaysForItAndX402IsNotUsed() throws Exception {
    Credentials owner = DevAccounts.account(1);
    BigInteger model = GatewayIT.model(owner);
    LicenseToken licences = GatewayIT.suite.as(LicenseToken.class, "LicenseToken", owner);
    BigInteger tier =
        LicenseToken.getTierCreatedEvents(
                licences
                    .createTier(
                        model,
                        GatewayIT.ONE,
                        BigInteger.valueOf(86_400),
                        BigInteger.valueOf(3),
                        BigInteger.ZERO,
                        true,
                        new byte[32],
                        List.of())
                    .send())
            .get(0)
            .tierId;
    Credentials buyer = GatewayIT.wallet();
    Wallet wallet = funded(buyer, GatewayIT.ONE.multiply(BigInteger.TWO));
    GatewayIT.suite
        .as(SOAToken.class, "SOAToken", buyer)
        .approve(GatewayIT.suite.stack.deployment().address("LicenseToken"), GatewayIT.ONE)
        .send();
    GatewayIT.suite
        .as(LicenseToken.class, "LicenseToken", buyer)
        .purchase(tier, buyer.getAddress())
        .send();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> client.licences(wallet.address()).size() == 1);
    String token = client.signIn(wallet);
    X402Client x402 = new X402Client(wallet, SpendingCap.perCall(GatewayIT.PRICE), soa());
    BigInteger before = X402IT.balance(buyer.getAddress());
    // the gateway serves the licence once it has mirrored it (no x402 here: nothing to pay)
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () ->
                client.call(model.toString(), "tokens", "{}".getBytes(), token, null).status()
                    == 200);
    SoaClient.Call c = client.call(model.toString(), "tokens", "{}".getBytes(), token, x402);
    assertThat(c.access()).isEqualTo("licence");
    assertThat(c.payment()).isNull();
    assertThat(X402IT.balance(buyer.getAddress())).isEqualTo(before);
    assertThat(client.licences(wallet.address()).get(0).path("callsLeft").asLong()).isEqualTo(1);
  }

  @Test
  void theSameClientPaysAServerBuiltFromTheOfficialExpressPackage() throws Exception {
    BigInteger price = BigInteger.valueOf(2_500);
    Credentials who = Credentials.create(Keys.createEcKeyPair());
    Wallet payer = funded(who, price.multiply(BigInteger.TEN));
    String payTo = "0x" + Keys.getAddress(Keys.createEcKeyPair());
    Process server =
        new ProcessBuilder(
                "node",
                RepoRoot.find().resolve("e2e/src/test/js/x402-express-server.mjs").toString(),
                GatewayIT.payments + "/v1/x402",
                GatewayIT.suite.gatewayToken(),
                payTo,
                soa(),
                price.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      var lines =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      JsonNode listening = EventCodec.JSON.readTree(lines.readLine());
      String url = "http://127.0.0.1:" + listening.path("port").asInt() + "/weather";
      X402Client x402 = new X402Client(payer, SpendingCap.perCall(price), soa());
      X402Client.Response r = x402.send("GET", url, Map.of(), null);
      System.out.println(
          "the SDK against @x402/express: "
              + r.status()
              + " "
              + new String(r.body(), StandardCharsets.UTF_8)
              + " settled "
              + r.payment().settlement());
      assertThat(r.status()).isEqualTo(200);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("sunny");
      assertThat(r.payment().settlement().path("success").asBoolean()).isTrue();
      assertThat(r.payment().settlement().path("transaction").asText()).matches("^0x[0-9a-f]{64}$");
      assertThat(X402IT.balance(payTo)).isEqualTo(price);
      assertThat(X402IT.balance(who.getAddress())).isEqualTo(price.multiply(BigInteger.valueOf(9)));
      // a price above the cap, asked by a server the client does not control: not paid
      X402Client capped =
          new X402Client(payer, SpendingCap.perCall(price.subtract(BigInteger.ONE)), soa());
      assertThatThrownBy(() -> capped.send("GET", url, Map.of(), null))
          .isInstanceOf(SpendingCapExceeded.class);
      assertThat(X402IT.balance(payTo)).isEqualTo(price);
    } finally {
      server.destroy();
    }
  }
}
