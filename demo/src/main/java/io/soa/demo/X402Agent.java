package io.soa.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.soa.client.SpendingCap;
import io.soa.client.Wallet;
import io.soa.client.X402Client;
import io.soa.contracts.generated.ModelPayees;
import io.soa.events.EventCodec;
import java.math.BigInteger;
import java.util.Map;
import java.util.function.Consumer;
import org.web3j.crypto.Credentials;

/**
 * A caller paying per call with x402 v2 ({@code exact}), as an AI agent's x402 client does: no
 * sign-in and no channel. Each call goes through the client SDK's {@link X402Client}: answered 402
 * with PAYMENT-REQUIRED, paid with an ERC-3009 authorization for the offer (within a cap of one
 * $SOA a call), sent again with PAYMENT-SIGNATURE while the gateway is unavailable, and answered
 * with PAYMENT-RESPONSE. The official client does the same in the e2e tests.
 */
final class X402Agent {
  /** The most the story's agent agrees to pay for one call. */
  private static final BigInteger CAP = BigInteger.TEN.pow(18);

  private final Api api;
  private final String asset;
  private final Consumer<Hooks.Call> onCall;

  X402Agent(Api api, String asset, Consumer<Hooks.Call> onCall) {
    this.api = api;
    this.asset = asset;
    this.onCall = onCall;
  }

  /** {@code n} calls of {@code url}, each paid by {@code payer} with x402; what they paid. */
  BigInteger pay(String url, Credentials payer, int n) {
    BigInteger total = BigInteger.ZERO;
    for (int i = 0; i < n; i++) {
      total = total.add(call(url, payer, "{\"text\": \"Paid with x402.\"}").amount());
    }
    return total;
  }

  /**
   * Anyone releases the model's payee: what it holds goes to whoever owns the model now, less the
   * fee; the sentence that says so.
   */
  static String release(ModelPayees payees, BigInteger model) throws Exception {
    var r = ModelPayees.getPayeeReleasedEvents(payees.release(model).send()).get(0);
    return String.format(
        "the model's payee released what x402 paid: %s $SOA to its owner now, %s, and %s $SOA fee"
            + " to the treasury",
        Demo.soa(r.paid), r.owner, Demo.soa(r.fee));
  }

  /** A paid call's settlement: the transfer and what it moved. */
  record Paid(String transaction, BigInteger amount, String payTo) {}

  /** One call of {@code url} paid by {@code payer}; fails unless the model answered and it paid. */
  Paid call(String url, Credentials payer, String body) {
    X402Client client =
        new X402Client(Wallet.of(payer), SpendingCap.perCall(CAP), asset, api::heard);
    String caller = payer.getAddress().toLowerCase(java.util.Locale.ROOT);
    String feature = url.replaceAll(".*/features/([^/]+)/invoke$", "$1");
    X402Client.Response r;
    try {
      r = client.send("POST", url, Map.of("Content-Type", "application/json"), body.getBytes());
    } catch (X402Client.Unanswered e) { // sent for two minutes, never answered
      onCall.accept(new Hooks.Call(caller, "x402:" + e.payment().nonce(), feature, false, 0, null));
      throw new IllegalStateException(url + ": no answer", e);
    }
    if (r.payment() == null) { // a story cut here starts again
      throw new IllegalStateException(url + ": no x402 offer (" + r.status() + ")");
    }
    X402Client.Payment p = r.payment();
    JsonNode problem = json(r.body());
    onCall.accept(
        new Hooks.Call(
            caller,
            "x402:" + p.nonce(),
            feature,
            false,
            r.status(),
            problem == null ? null : problem.path("type").asText(null)));
    if (r.status() == 409
        && problem != null
        && problem.path("type").asText().endsWith("#request-already-answered")) {
      return new Paid("", p.amount(), p.payTo()); // answered before, its answer lost: paid once
    }
    if (r.status() != 200 || p.settlement() == null) {
      throw new IllegalStateException(url + ": x402 payment not taken (" + r.status() + ")");
    }
    return new Paid(p.settlement().path("transaction").asText(), p.amount(), p.payTo());
  }

  private static JsonNode json(byte[] body) {
    try {
      return body.length == 0 ? null : EventCodec.JSON.readTree(body);
    } catch (java.io.IOException notJson) {
      return null;
    }
  }
}
