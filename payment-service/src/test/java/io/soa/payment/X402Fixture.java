package io.soa.payment;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import io.soa.contracts.TransferAuthorizations;
import io.soa.contracts.TransferAuthorizations.Authorization;
import io.soa.contracts.generated.SOAToken;
import io.soa.devchain.Chain;
import io.soa.events.EventCodec;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/** x402 payments in $SOA as a client makes them, for the facilitator's tests. */
final class X402Fixture {
  static final SecureRandom RANDOM = new SecureRandom();
  static final BigInteger PRICE = new BigInteger("5000000000000000");
  static final BigInteger N =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
  static Web3j web3j;
  static Credentials admin;
  static Credentials payer;
  static String payTo;

  private static String deployedToken;

  private X402Fixture() {}

  /** POSTs {@code body} to {@code path} as the gateway and reads the answer of {@code status}. */
  static JsonNode post(String path, JsonNode body, int status) throws Exception {
    String answer =
        given()
            .auth()
            .oauth2(PaymentFixture.gatewayToken())
            .contentType(ContentType.JSON)
            .body(body.toString())
            .post(path)
            .then()
            .statusCode(status)
            .extract()
            .asString();
    return EventCodec.JSON.readTree(answer);
  }

  /**
   * A funded payer and a payee on the application's deployment; again when the application was
   * started anew (with contracts of its own) since the last call.
   */
  static synchronized void start() throws Exception {
    if (token().equals(deployedToken)) {
      return;
    }
    if (web3j == null) {
      web3j = Web3j.build(new HttpService(PaymentFixture.config("soa.chain.rpc-url")));
    }
    admin = Credentials.create(PaymentFixture.config("soa.test.admin-key"));
    payer = Credentials.create(Keys.createEcKeyPair());
    payTo = Credentials.create(Keys.createEcKeyPair()).getAddress();
    soa(admin).mint(payer.getAddress(), PRICE.multiply(BigInteger.valueOf(100))).send();
    deployedToken = token();
  }

  static SOAToken soa(Credentials who) {
    return Chain.load(SOAToken.class, token(), web3j, who);
  }

  static String token() {
    return PaymentFixture.config("soa.chain.contracts.soa-token").toLowerCase();
  }

  static String network() {
    return "eip155:" + PaymentFixture.chainId();
  }

  static ObjectNode requirements() {
    ObjectNode r = EventCodec.JSON.createObjectNode();
    r.put("scheme", "exact").put("network", network()).put("amount", PRICE.toString());
    r.put("asset", token()).put("payTo", payTo).put("maxTimeoutSeconds", 60);
    r.putObject("extra").put("name", "SOA").put("version", "1");
    return r;
  }

  static Authorization authorization(String to, BigInteger value, long after, long before) {
    byte[] nonce = new byte[32];
    RANDOM.nextBytes(nonce);
    return new Authorization(
        payer.getAddress(),
        to,
        value,
        BigInteger.valueOf(after),
        BigInteger.valueOf(before),
        nonce);
  }

  static Authorization fresh() {
    long now = Instant.now().getEpochSecond();
    return authorization(payTo, PRICE, now - 60, now + 60);
  }

  static byte[] sign(Authorization a, Credentials by) {
    return new TransferAuthorizations("SOA", "1", PaymentFixture.chainId(), token())
        .sign(a, by.getEcKeyPair());
  }

  /** The body of POST /verify for {@code a} signed as {@code sig}, made for {@code accepted}. */
  static ObjectNode body(Authorization a, byte[] sig, ObjectNode accepted, ObjectNode required) {
    ObjectNode body = EventCodec.JSON.createObjectNode().put("x402Version", 2);
    ObjectNode payment = body.putObject("paymentPayload").put("x402Version", 2);
    payment.set("accepted", accepted);
    ObjectNode p = payment.putObject("payload").put("signature", Numeric.toHexString(sig));
    p.putObject("authorization")
        .put("from", a.from())
        .put("to", a.to())
        .put("value", a.value().toString())
        .put("validAfter", a.validAfter().toString())
        .put("validBefore", a.validBefore().toString())
        .put("nonce", Numeric.toHexString(a.nonce()));
    body.set("paymentRequirements", required);
    return body;
  }

  static ObjectNode body(Authorization a, byte[] sig) {
    return body(a, sig, requirements(), requirements());
  }
}
