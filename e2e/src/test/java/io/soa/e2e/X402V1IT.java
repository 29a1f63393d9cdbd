package io.soa.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/**
 * An x402 v1 client pays for a model's call at the gateway, end to end on the packaged services:
 * x402's own v1 {@code exact} client ({@code @x402/evm/v1} under {@code @x402/core}'s HTTP client)
 * reads the offer from the 402's body, pays with X-PAYMENT and gets X-PAYMENT-RESPONSE; the price
 * moves from the payer to the model's payee once, and the same X-PAYMENT again is that call again
 * (409), never paid or answered twice.
 */
class X402V1IT extends OnSharedStack {
  @Test
  void theOfficialV1ClientPaysOneCallOnceWithXPayment() throws Exception {
    X402IT.Paying x = X402IT.paying();
    Credentials payer = x.payer();
    BigInteger price = x.price();
    String payee = x.payee();
    BigInteger payerBefore = x.payerBefore();
    BigInteger payeeBefore = x.payeeBefore();
    JsonNode r =
        X402IT.node(
            "x402-pay-v1.mjs",
            x.url(),
            x.key(),
            x.soa(),
            price.multiply(BigInteger.TWO).toString(), // the payer's cap per payment
            "{\"text\": \"Paid by x402 v1.\"}");
    System.out.println("x402 v1 client against the gateway: " + r);

    assertThat(r.path("offeredStatus").asInt()).isEqualTo(402);
    assertThat(r.path("sentHeaders").toString()).isEqualTo("[\"X-PAYMENT\"]");
    assertThat(r.path("status").asInt()).as(r.toString()).isEqualTo(200);
    assertThat(r.path("access").asText()).isEqualTo("x402");
    assertThat(r.path("requestId").asText()).matches("^x402:0x[0-9a-f]{64}$");
    // answered in v1's header only
    assertThat(r.path("v1Response").asBoolean()).isTrue();
    assertThat(r.path("v2Response").isNull()).isTrue();
    JsonNode settled = r.path("settled");
    assertThat(settled.path("success").asBoolean()).isTrue();
    assertThat(settled.path("network").asText()).isEqualTo("eip155:31337");
    assertThat(settled.path("payer").asText()).isEqualToIgnoringCase(payer.getAddress());
    assertThat(settled.path("transaction").asText()).matches("^0x[0-9a-f]{64}$");
    // every wei: the price left the payer and reached the model's payee, once
    assertThat(X402IT.balance(payer.getAddress())).isEqualTo(payerBefore.subtract(price));
    assertThat(X402IT.balance(payee)).isEqualTo(payeeBefore.add(price));

    // the same X-PAYMENT again: the same call, already answered, not paid again
    assertThat(r.path("replayStatus").asInt()).isEqualTo(409);
    assertThat(r.at("/replay/type").asText()).isEqualTo("/problems#request-already-answered");
    assertThat(X402IT.balance(payer.getAddress())).isEqualTo(payerBefore.subtract(price));
    assertThat(X402IT.balance(payee)).isEqualTo(payeeBefore.add(price));
  }
}
