package io.soa.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.soa.contracts.BatchChannels;
import io.soa.contracts.BatchPayloads;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.web3j.crypto.Credentials;

/**
 * A caller paying per call from an x402 {@code batch-settlement} channel, as x402's batch client
 * does (the official one does the same in the e2e tests): the first call's 402 offers the channel,
 * the first payment deposits once (an ERC-3009 authorization; the facilitator pays the gas) with
 * its first voucher, each later call a cumulative voucher for what was charged plus the price, and
 * a cooperative refund (a GET with a refund payload) takes back what is left. A call without an
 * answer is sent again with the same voucher: a corrective 402 saying the channel was charged
 * exactly that voucher means it was paid and answered once (the answer was lost).
 */
final class X402ChannelAgent {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Calls the story pays from its channel. */
  static final int CALLS = 20;

  private final Api api;
  private final Consumer<Hooks.Call> onCall;

  X402ChannelAgent(Api api, Consumer<Hooks.Call> onCall) {
    this.api = api;
    this.onCall = onCall;
  }

  /** What {@code n} calls cost and what came back: charged, deposited, refunded. */
  record Run(BigInteger charged, BigInteger deposited, BigInteger refunded) {}

  /** {@code n} calls from one channel and its refund, as the story tells them. */
  String story(String url, Credentials payer, long chainId) {
    int n = CALLS;
    Run r = pay(url, payer, n, chainId);
    return String.format(
        "%d calls paid from an x402 batch-settlement channel (one deposit of %s $SOA, a voucher"
            + " per call): %s $SOA charged, claimed and settled to the payee, %s $SOA refunded",
        n, Demo.soa(r.deposited()), Demo.soa(r.charged()), Demo.soa(r.refunded()));
  }

  /** {@code n} calls of {@code url} by {@code payer} from one channel, then its refund. */
  Run pay(String url, Credentials payer, int n, long chainId) {
    String body = "{\"text\": \"Paid from an x402 channel.\"}";
    Api.Answer offered = api.post(url, null, body, Map.of());
    JsonNode offer = null;
    for (JsonNode a : X402Headers.decode(offered.header("PAYMENT-REQUIRED")).path("accepts")) {
      offer = "batch-settlement".equals(a.path("scheme").asText()) ? a : offer;
    }
    if (offered.status() != 402 || offer == null) {
      throw new IllegalStateException(
          url + ": no batch-settlement offer (" + offered.status() + ")");
    }
    byte[] salt = new byte[32];
    RANDOM.nextBytes(salt);
    var config = BatchPayloads.config(payer.getAddress(), offer, salt);
    var payloads = new BatchPayloads(chainId, BatchChannels.SETTLEMENT, offer);
    BigInteger price = new BigInteger(offer.path("amount").asText());
    BigInteger deposit = price.multiply(BigInteger.valueOf(n + 5L));
    BigInteger charged = BigInteger.ZERO;
    for (int i = 0; i < n; i++) {
      BigInteger max = charged.add(price);
      var payment =
          i == 0
              ? payloads.deposit(
                  offer,
                  config,
                  deposit,
                  max,
                  Instant.now().getEpochSecond() + offer.path("maxTimeoutSeconds").asLong(120),
                  new BigInteger(64, RANDOM),
                  payer.getEcKeyPair())
              : payloads.voucher(offer, config, max, payer.getEcKeyPair(), "voucher");
      charged = send(url, payer, body, payment, max);
    }
    var refund = payloads.voucher(offer, config, charged, payer.getEcKeyPair(), "refund");
    Api.Answer back = api.get(url, Map.of("PAYMENT-SIGNATURE", X402Headers.encode(refund)));
    String response = back.header("PAYMENT-RESPONSE");
    if (back.status() != 200 || response == null) {
      throw new IllegalStateException(url + ": refund not made (" + back.status() + ")");
    }
    return new Run(
        charged, deposit, new BigInteger(X402Headers.decode(response).path("amount").asText()));
  }

  private static boolean answered(Api.Answer a) {
    return a.status() == 409
        && a.json() != null
        && a.json().path("type").asText().endsWith("#request-already-answered");
  }

  /**
   * Sends the paid call, and the same voucher again while there is no answer, a 503 or the channel
   * is busy (a cut-off attempt holds it until its lease ends), for up to three minutes: what the
   * channel was charged after it.
   */
  private BigInteger send(
      String url, Credentials payer, String body, JsonNode payment, BigInteger max) {
    long deadline = System.nanoTime() + java.time.Duration.ofMinutes(3).toNanos();
    Api.Answer a = null;
    while (System.nanoTime() < deadline) {
      try {
        a = api.post(url, null, body, Map.of("PAYMENT-SIGNATURE", X402Headers.encode(payment)));
      } catch (IllegalStateException unanswered) {
        a = null;
      }
      if (a != null && a.status() != 503 && !(a.status() == 409 && !answered(a))) {
        break; // an answer, or the first one's: a 409 busy or in progress is sent again
      }
      X402Headers.pause();
    }
    String requestId = "x402b:" + payment.at("/payload/voucher/channelId").asText() + ":" + max;
    onCall.accept(
        new Hooks.Call(
            payer.getAddress().toLowerCase(java.util.Locale.ROOT),
            requestId,
            url.replaceAll(".*/features/([^/]+)/invoke$", "$1"),
            false,
            a == null ? 0 : a.status(),
            a == null || a.json() == null ? null : a.json().path("type").asText(null)));
    if (a == null) {
      throw new IllegalStateException(url + ": no answer");
    }
    String response = a.header("PAYMENT-RESPONSE");
    if (a.status() == 200 && response != null) {
      return new BigInteger(
          X402Headers.decode(response).at("/extra/channelState/chargedCumulativeAmount").asText());
    }
    if (answered(a)) { // answered before, its answer lost: paid once, and that was the call
      return max;
    }
    // the corrective 402: this voucher was charged (its answer lost), so it paid its one call
    for (JsonNode o : X402Headers.decode(a.header("PAYMENT-REQUIRED")).path("accepts")) {
      if (max.toString().equals(o.at("/extra/channelState/chargedCumulativeAmount").asText())
          && max.toString().equals(o.at("/extra/voucherState/signedMaxClaimable").asText())
          && payment
              .at("/payload/voucher/signature")
              .asText()
              .equalsIgnoreCase(o.at("/extra/voucherState/signature").asText())) {
        return max;
      }
    }
    throw new IllegalStateException(url + ": x402 voucher not taken (" + a.status() + ")");
  }
}
