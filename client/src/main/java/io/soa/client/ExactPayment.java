package io.soa.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.soa.contracts.TransferAuthorizations;
import io.soa.contracts.TransferAuthorizations.Authorization;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.web3j.utils.Numeric;

/**
 * An x402 v2 {@code exact} payment for an EVM offer: an ERC-3009 {@code TransferWithAuthorization}
 * of the offer's amount to its {@code payTo}, signed with the EIP-712 domain the offer names
 * ({@code extra.name}, {@code extra.version}, the chain of its CAIP-2 network, the asset), valid
 * from a minute ago for the offer's {@code maxTimeoutSeconds}, with a fresh random nonce.
 */
record ExactPayment(String header, String nonce, BigInteger amount) {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Whether {@code offer} is one this client can pay: exact, on an EVM chain, its domain named. */
  static boolean payable(JsonNode offer) {
    return "exact".equals(offer.path("scheme").asText())
        && offer.path("network").asText().matches("^eip155:[0-9]{1,18}$")
        && offer.path("amount").asText().matches("^(0|[1-9][0-9]{0,77})$")
        && offer.path("payTo").asText().matches("^0x[0-9a-fA-F]{40}$")
        && offer.path("asset").asText().matches("^0x[0-9a-fA-F]{40}$")
        && offer.at("/extra/name").isTextual()
        && offer.at("/extra/version").isTextual();
  }

  static ExactPayment sign(JsonNode offer, Wallet payer) {
    long now = Instant.now().getEpochSecond();
    byte[] nonce = new byte[32];
    RANDOM.nextBytes(nonce);
    BigInteger amount = new BigInteger(offer.path("amount").asText());
    Authorization a =
        new Authorization(
            payer.address(),
            offer.path("payTo").asText().toLowerCase(java.util.Locale.ROOT),
            amount,
            BigInteger.valueOf(now - 60),
            BigInteger.valueOf(now + Math.max(30, offer.path("maxTimeoutSeconds").asLong(60))),
            nonce);
    long chainId = Long.parseLong(offer.path("network").asText().substring("eip155:".length()));
    byte[] signature =
        new TransferAuthorizations(
                offer.at("/extra/name").asText(),
                offer.at("/extra/version").asText(),
                chainId,
                offer.path("asset").asText())
            .sign(a, payer.keys());
    ObjectNode payment = Http.JSON.createObjectNode().put("x402Version", 2);
    payment.set("accepted", offer);
    ObjectNode payload = payment.putObject("payload");
    payload.put("signature", Numeric.toHexString(signature));
    payload
        .putObject("authorization")
        .put("from", a.from())
        .put("to", a.to())
        .put("value", a.value().toString())
        .put("validAfter", a.validAfter().toString())
        .put("validBefore", a.validBefore().toString())
        .put("nonce", Numeric.toHexString(nonce));
    return new ExactPayment(encode(payment), Numeric.toHexString(nonce), amount);
  }

  /** base64 of the JSON, as x402's HTTP transport carries it. */
  static String encode(JsonNode json) {
    return Base64.getEncoder().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The JSON of an x402 header; null when it is not base64 of JSON. */
  static JsonNode decode(String header) {
    try {
      return header == null ? null : Http.JSON.readTree(Base64.getDecoder().decode(header.strip()));
    } catch (IllegalArgumentException | java.io.IOException e) {
      return null;
    }
  }
}
