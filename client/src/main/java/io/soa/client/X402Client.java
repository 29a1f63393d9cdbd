package io.soa.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An x402 v2 client for any x402 server (the suite's gateway or another): a request answered 402
 * with {@code PAYMENT-REQUIRED} is paid with the cheapest {@code exact} offer in the asset the
 * spending cap counts in, signed only within that cap, and sent again with {@code
 * PAYMENT-SIGNATURE}. While the server is unavailable (503) or still working on it (409
 * request-in-progress) the same payment is sent again: one payment names one call, so it is never
 * paid twice. The reservation is given back only when the server refused the payment.
 */
public final class X402Client {
  /** An answer: status, headers and body, and what paid for it (null when nothing was paid). */
  public record Response(
      int status, Map<String, List<String>> headers, byte[] body, Payment payment) {
    public String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  /**
   * A payment made: its amount, nonce and payee, and the server's settlement (PAYMENT-RESPONSE;
   * null when the server answered otherwise, e.g. 409: this very call was answered before).
   */
  public record Payment(BigInteger amount, String nonce, String payTo, JsonNode settlement) {}

  private final Wallet payer;
  private final SpendingCap cap;
  private final String asset;
  private final Http http;
  private final Duration patience;

  /**
   * A client paying from {@code payer} in the token {@code asset} (an address: the cap's amounts
   * are its base units; an offer in another asset is never paid), within {@code cap}.
   */
  public X402Client(Wallet payer, SpendingCap cap, String asset) {
    this(payer, cap, asset, RequestListener.NONE);
  }

  /** With {@code listener} hearing every request (for metrics). */
  public X402Client(Wallet payer, SpendingCap cap, String asset, RequestListener listener) {
    this.payer = payer;
    this.cap = cap;
    this.asset = asset.toLowerCase(Locale.ROOT);
    this.http = new Http(Duration.ofSeconds(30), listener);
    this.patience = Duration.ofMinutes(2);
  }

  /**
   * A paid request the server never answered, however often it was sent: the payment may or may not
   * have been settled; the same payment sent again is the same call.
   */
  public static final class Unanswered extends SoaException {
    private static final long serialVersionUID = 1L;
    private final transient Payment payment;

    Unanswered(String detail, Payment payment) {
      super(0, "unanswered", detail, null);
      this.payment = payment;
    }

    public Payment payment() {
      return payment;
    }
  }

  /**
   * Sends the request, and pays for it if it is offered for x402. The server's answer is returned
   * whatever its status (a 402 after the payment: refused, and the cap given back); a payment above
   * the cap or an offer this client cannot pay is refused before anything is signed.
   */
  public Response send(String method, String url, Map<String, String> headers, byte[] body) {
    return payFor(http.send(method, url, headers, body), method, url, headers, body);
  }

  /**
   * Pays for the request whose answer was {@code first} (a 402 the caller already has: the request
   * is not sent unpaid a second time), as {@link #send} does.
   */
  Response payFor(
      Http.Answer first, String method, String url, Map<String, String> headers, byte[] body) {
    String required = first.header("PAYMENT-REQUIRED");
    if (first.status() != 402 || required == null) {
      return new Response(first.status(), first.headers(), first.body(), null);
    }
    JsonNode offer = cheapest(ExactPayment.decode(required));
    BigInteger amount = new BigInteger(offer.path("amount").asText());
    cap.reserve(amount); // before signing: an offer beyond the cap is never signed
    ExactPayment p;
    try {
      p = ExactPayment.sign(offer, payer);
    } catch (RuntimeException e) {
      cap.release(amount);
      throw e;
    }
    Map<String, String> paid = new HashMap<>(headers);
    paid.put("PAYMENT-SIGNATURE", p.header());
    Payment sent = new Payment(p.amount(), p.nonce(), offer.path("payTo").asText(), null);
    Http.Answer a = sendUntilAnswered(method, url, paid, body, sent);
    if (a.status() == 402) {
      cap.release(p.amount()); // refused: the authorization was not settled
    }
    JsonNode settled = ExactPayment.decode(a.header("PAYMENT-RESPONSE"));
    return new Response(
        a.status(),
        a.headers(),
        a.body(),
        new Payment(sent.amount(), sent.nonce(), sent.payTo(), settled));
  }

  /** The cheapest exact offer in the cap's asset; none: why, with what was offered. */
  private JsonNode cheapest(JsonNode required) {
    JsonNode best = null;
    for (JsonNode o : required == null ? List.<JsonNode>of() : required.path("accepts")) {
      if (ExactPayment.payable(o)
          && o.path("asset").asText().toLowerCase(Locale.ROOT).equals(asset)
          && (best == null
              || new BigInteger(o.path("amount").asText())
                      .compareTo(new BigInteger(best.path("amount").asText()))
                  < 0)) {
        best = o;
      }
    }
    if (best == null) {
      throw new SoaException(
          402,
          "no-payable-offer",
          "no x402 exact offer in " + asset + " on an EVM chain: offered " + required,
          required);
    }
    return best;
  }

  private Http.Answer sendUntilAnswered(
      String method, String url, Map<String, String> headers, byte[] body, Payment sent) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      Http.Answer a;
      try {
        a = http.send(method, url, headers, body);
      } catch (SoaException unreachable) {
        if (System.nanoTime() > deadline) {
          throw new Unanswered(unreachable.getMessage(), sent);
        }
        Http.pause();
        continue;
      }
      boolean again = a.status() == 503 || Http.inProgress(a);
      if (!again || System.nanoTime() > deadline) {
        return a;
      }
      Http.pause();
    }
  }
}
