package io.soa.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import io.soa.contracts.Payees;
import io.soa.contracts.TransferAuthorizations;
import io.soa.contracts.TransferAuthorizations.Authorization;
import io.soa.contracts.generated.SOAToken;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.RepoRoot;
import io.soa.events.EventCodec;
import io.soa.events.Topics;
import io.soa.events.licensing.AccessGranted;
import io.soa.events.licensing.LicensingEventTypes;
import io.soa.testing.TopicReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * An x402 client pays for a model's call at the gateway, end to end on the packaged services:
 * x402's own {@code @x402/fetch} with its {@code exact} client (a fresh payer holding $SOA and no
 * ETH) gets the 402's PAYMENT-REQUIRED, pays with PAYMENT-SIGNATURE, and gets the model's answer
 * with PAYMENT-RESPONSE; the price moved from the payer to the model's payee once, by
 * payment-service's settlement, and the same payment sent again is that call again (409), never
 * paid or answered twice. The decision is an AccessGranted on the x402 path naming the transfer.
 */
class X402IT extends OnSharedStack {
  /** The gateway's 402 for a call: it learns the catalog's side of a model from its topic. */
  static io.restassured.response.Response offered(String url, String body) {
    return org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> given().contentType(ContentType.JSON).body(body).post(url),
            r -> r.statusCode() == 402);
  }

  static BigInteger balance(String who) throws Exception {
    return GatewayIT.suite
        .as(SOAToken.class, "SOAToken", DevAccounts.deployer())
        .balanceOf(who)
        .send();
  }

  /** A fresh payer holding ten calls' worth of $SOA and no ETH, for a new model's tokens. */
  record Paying(
      BigInteger model,
      Credentials payer,
      BigInteger price,
      String soa,
      String payee,
      BigInteger payerBefore,
      BigInteger payeeBefore,
      String url) {
    String key() {
      return Numeric.toHexStringWithPrefixZeroPadded(payer.getEcKeyPair().getPrivateKey(), 64);
    }
  }

  /** A model, its payee, and a payer funded for it, once the gateway offers its tokens. */
  static Paying paying() throws Exception {
    Suite suite = GatewayIT.suite;
    BigInteger model = GatewayIT.model(DevAccounts.account(1));
    Credentials payer = Credentials.create(Keys.createEcKeyPair());
    BigInteger price = GatewayIT.PRICE;
    suite
        .as(SOAToken.class, "SOAToken", DevAccounts.deployer())
        .mint(payer.getAddress(), price.multiply(BigInteger.TEN))
        .send();
    String payee = new Payees(suite.stack.deployment().address("ModelPayees")).of(model);
    String url = GatewayIT.licensing + "/v1/models/" + model + "/features/tokens/invoke";
    offered(url, "{}");
    return new Paying(
        model,
        payer,
        price,
        suite.stack.deployment().address("SOAToken"),
        payee,
        balance(payer.getAddress()),
        balance(payee),
        url);
  }

  /** Runs the node script {@code script} of e2e/src/test/js: the JSON line it printed last. */
  static JsonNode node(String script, String... args) throws Exception {
    java.util.List<String> cmd = new java.util.ArrayList<>();
    cmd.add("node");
    cmd.add(RepoRoot.find().resolve("e2e/src/test/js/" + script).toString());
    cmd.addAll(java.util.List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return EventCodec.JSON.readTree(out.strip().lines().reduce((x, y) -> y).orElse("{}"));
  }

  @Test
  void theOfficialFetchClientPaysOneCallOnceToTheModelsPayee() throws Exception {
    Suite suite = GatewayIT.suite;
    Paying x = paying();
    Credentials payer = x.payer();
    BigInteger price = x.price();
    String payee = x.payee();
    BigInteger payerBefore = x.payerBefore();
    BigInteger payeeBefore = x.payeeBefore();
    JsonNode r =
        node(
            "x402-pay.mjs",
            x.url(),
            x.key(),
            x.soa(),
            price.multiply(BigInteger.TWO).toString(), // the payer's cap per payment
            "{\"text\": \"Paid by x402.\"}");
    System.out.println("@x402/fetch against the gateway: " + r);

    assertThat(r.path("status").asInt()).as(r.toString()).isEqualTo(200);
    assertThat(r.path("access").asText()).isEqualTo("x402");
    assertThat(r.path("requestId").asText()).matches("^x402:0x[0-9a-f]{64}$");
    JsonNode settled = r.path("settled");
    assertThat(settled.path("success").asBoolean()).isTrue();
    assertThat(settled.path("payer").asText()).isEqualToIgnoringCase(payer.getAddress());
    String tx = settled.path("transaction").asText();
    assertThat(tx).matches("^0x[0-9a-f]{64}$");
    // every wei: the price left the payer and reached the model's payee, once
    assertThat(balance(payer.getAddress())).isEqualTo(payerBefore.subtract(price));
    assertThat(balance(payee)).isEqualTo(payeeBefore.add(price));

    // the same PAYMENT-SIGNATURE again: the same call, already answered
    assertThat(r.path("replayStatus").asInt()).isEqualTo(409);
    assertThat(r.at("/replay/type").asText()).isEqualTo("/problems#request-already-answered");
    assertThat(balance(payer.getAddress())).isEqualTo(payerBefore.subtract(price));
    assertThat(balance(payee)).isEqualTo(payeeBefore.add(price));

    String requestId = r.path("requestId").asText();
    var decisions =
        TopicReader.readUntil(
            suite.stack.kafkaBootstrap(),
            Topics.LICENSING_ACCESS,
            rs ->
                rs.stream()
                    .anyMatch(
                        e ->
                            e.event().getType().equals(AccessGranted.TYPE)
                                && new String(e.event().getData().toBytes()).contains(requestId)),
            Duration.ofSeconds(30));
    AccessGranted granted =
        decisions.stream()
            .filter(e -> e.event().getType().equals(AccessGranted.TYPE))
            .map(e -> EventCodec.data(e.event(), LicensingEventTypes.ACCESS_GRANTED))
            .filter(g -> g.requestId().equals(requestId))
            .findFirst()
            .orElseThrow();
    assertThat(granted.path()).isEqualTo("x402");
    assertThat(granted.caller()).isEqualToIgnoringCase(payer.getAddress());
    assertThat(granted.amount()).isEqualTo(price.toString());
    assertThat(granted.paymentTx()).isEqualTo(tx);
    assertThat(granted.refunded()).isFalse();
  }

  /**
   * A call whose attempt settled its payment and was cut off before it answered (the gateway killed
   * between the settlement and its decision: here its access_call row in flight and the settlement
   * made at payment-service, as they stand after such a crash) is served when the payer sends the
   * same payment again, with the transfer that paid it and no second one; sent once more, it is
   * answered 409.
   */
  @Test
  void aCallCutOffAfterItsPaymentSettledIsServedOnceWhenSentAgainAndNotPaidTwice()
      throws Exception {
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
    var offered = offered(url, body);
    JsonNode offer =
        EventCodec.JSON
            .readTree(Base64.getDecoder().decode(offered.header("PAYMENT-REQUIRED")))
            .at("/accepts/0");
    long now = Instant.now().getEpochSecond();
    byte[] nonce = new byte[32];
    new java.security.SecureRandom().nextBytes(nonce);
    Authorization a =
        new Authorization(
            payer.getAddress().toLowerCase(),
            offer.path("payTo").asText(),
            price,
            BigInteger.valueOf(now - 60),
            BigInteger.valueOf(now + 300),
            nonce);
    byte[] sig =
        new TransferAuthorizations(
                "SOA", "1", suite.stack.deployment().chainId(), offer.path("asset").asText())
            .sign(a, payer.getEcKeyPair());
    ObjectNode payment = EventCodec.JSON.createObjectNode().put("x402Version", 2);
    payment.set("accepted", offer);
    ObjectNode p = payment.putObject("payload").put("signature", Numeric.toHexString(sig));
    p.putObject("authorization")
        .put("from", a.from())
        .put("to", a.to())
        .put("value", a.value().toString())
        .put("validAfter", a.validAfter().toString())
        .put("validBefore", a.validBefore().toString())
        .put("nonce", Numeric.toHexString(nonce));
    String requestId = "x402:" + Numeric.toHexString(nonce);
    // the cut-off attempt: in flight since long ago, and its payment settled
    try (Connection db = suite.stack.postgres().connect("e2e_licensing");
        PreparedStatement st =
            db.prepareStatement(
                "INSERT INTO access_call (request_key, fingerprint, state, attempt, started_at)"
                    + " VALUES (?, ?, 'in-flight', 1, now() - interval '1 hour')")) {
      st.setString(1, a.from() + ":" + requestId);
      st.setString(
          2,
          model
              + ":tokens:"
              + HexFormat.of()
                  .formatHex(
                      java.security.MessageDigest.getInstance("SHA-256")
                          .digest(body.getBytes(StandardCharsets.UTF_8))));
      st.executeUpdate();
    }
    ObjectNode settle = EventCodec.JSON.createObjectNode().put("x402Version", 2);
    settle.set("paymentPayload", payment);
    settle.set("paymentRequirements", offer);
    JsonNode settled =
        EventCodec.JSON.readTree(
            given()
                .auth()
                .oauth2(suite.stack.tokens().gatewayToken(Duration.ofMinutes(5)))
                .contentType(ContentType.JSON)
                .body(settle.toString())
                .post(GatewayIT.payments + "/v1/x402/settle")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    assertThat(settled.path("success").asBoolean()).as(settled.toString()).isTrue();
    BigInteger payerAfter = balance(payer.getAddress());
    String header =
        Base64.getEncoder().encodeToString(payment.toString().getBytes(StandardCharsets.UTF_8));

    var served =
        given()
            .contentType(ContentType.JSON)
            .body(body)
            .header("PAYMENT-SIGNATURE", header)
            .post(url);
    assertThat(served.statusCode()).as(served.asString()).isEqualTo(200);
    JsonNode response =
        EventCodec.JSON.readTree(Base64.getDecoder().decode(served.header("PAYMENT-RESPONSE")));
    assertThat(response.path("transaction").asText())
        .isEqualTo(settled.path("transaction").asText());
    assertThat(balance(payer.getAddress())).isEqualTo(payerAfter); // not paid a second time
    var again =
        given()
            .contentType(ContentType.JSON)
            .body(body)
            .header("PAYMENT-SIGNATURE", header)
            .post(url);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(balance(payer.getAddress())).isEqualTo(payerAfter);
  }
}
