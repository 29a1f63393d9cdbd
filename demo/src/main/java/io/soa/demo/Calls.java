package io.soa.demo;

import io.soa.contracts.Vouchers;
import io.soa.devchain.deploy.Deployment;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/** The demo's calls of models through the gateway, paid by licence or voucher, and settlement. */
final class Calls {
  private static final int THREADS = 8;

  private final Deployment d;
  private final Demo.Urls urls;
  private final Api api;
  private final Consumer<Hooks.Call> onCall;

  Calls(Deployment d, Demo.Urls urls, Api api, Consumer<Hooks.Call> onCall) {
    this.d = d;
    this.urls = urls;
    this.api = api;
    this.onCall = onCall;
  }

  /** {@code n} calls of {@code tokens} from 8 threads, each with the next cumulative voucher. */
  int payPerUse(
      String token,
      BigInteger model,
      BigInteger channel,
      Credentials signer,
      BigInteger price,
      int n,
      AtomicLong signed)
      throws Exception {
    Vouchers.Domain domain = new Vouchers.Domain(d.chainId(), d.address("UsageEscrow"));
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<String>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        done.add(
            pool.submit(
                () -> {
                  // signed THREADS calls ahead: the calls still in flight may be charged first,
                  // and a voucher must cover them too (what is ahead stays credit)
                  BigInteger cumulative =
                      price.multiply(BigInteger.valueOf(signed.incrementAndGet() + THREADS));
                  String voucher =
                      channel
                          + ":"
                          + cumulative
                          + ":"
                          + Numeric.toHexString(
                              domain.sign(channel, cumulative, signer.getEcKeyPair()));
                  Api.Answer a = invoke(signer, token, model, "tokens", voucher, price);
                  return a.status() == 200
                      ? "200"
                      : a.status() + " " + a.json().path("type").asText("?");
                }));
      }
      // what the refused calls were, so a failure says why (status and problem type, counted)
      Map<String, Integer> outcomes = new TreeMap<>();
      for (Future<String> f : done) {
        outcomes.merge(f.get(), 1, Integer::sum);
      }
      int ok = outcomes.getOrDefault("200", 0);
      if (ok != n) {
        throw new IllegalStateException(ok + " of " + n + " paid calls answered: " + outcomes);
      }
      return ok;
    } finally {
      pool.shutdown();
    }
  }

  void settle(String token, BigInteger model, BigInteger channel, BigInteger charged) {
    // only the model's owner settles it: right after a sale, payment-service may not know the new
    // owner yet (its mirror of the chain lags by a moment), so a 403 is asked again for a while
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Api.Answer a;
    do {
      a = api.post(urls.payment() + "/v1/settlements?modelId=" + model, token, null, Map.of());
      if (a.status() == 403) {
        pause(250);
      }
    } while (a.status() == 403 && System.nanoTime() < deadline);
    if (a.status() != 200) {
      throw new IllegalStateException("settlement refused: " + a.status() + " " + a.json());
    }
    api.await(
        urls.payment() + "/v1/channels/" + channel,
        c -> charged.toString().equals(c.json().path("claimedOnChain").asText()),
        Duration.ofSeconds(90),
        "the claim of " + charged + " confirmed");
  }

  /**
   * One call of {@code feature} as {@code who}, with a request id of its own: an attempt that gets
   * no answer, 503 (nothing decided) or 409 request-in-progress (an attempt cut off by a restart,
   * until the gateway takes it over) is sent again with the same id, as a client should, for up to
   * two minutes; a call is then answered and paid once.
   */
  Api.Answer invoke(
      Credentials who,
      String token,
      BigInteger model,
      String feature,
      String voucher,
      BigInteger maxPrice) {
    String requestId = UUID.randomUUID().toString();
    Map<String, String> h = new LinkedHashMap<>();
    h.put("SOA-Request-Id", requestId);
    if (voucher != null) {
      h.put("SOA-Voucher", voucher);
      h.put("SOA-Max-Price", maxPrice.toString()); // what the demo agreed to pay, never more
    }
    String url = invokeUrl(model, feature);
    Map<String, String> body =
        Map.of("text", "The cats were sitting on the mats. They looked happy.");
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    Api.Answer a = null;
    RuntimeException unanswered = null;
    while (System.nanoTime() < deadline) {
      try {
        a = api.post(url, token, body, h);
        unanswered = null;
        if (a.status() != 503 && !inProgress(a)) {
          break;
        }
      } catch (IllegalStateException e) { // no answer: the gateway may be restarting
        unanswered = e;
      }
      pause(500);
    }
    onCall.accept(
        new Hooks.Call(
            who.getAddress().toLowerCase(Locale.ROOT),
            requestId,
            feature,
            voucher != null,
            unanswered != null || a == null ? 0 : a.status(),
            a == null || a.json() == null ? null : a.json().path("type").asText(null)));
    if (unanswered != null || a == null) {
      throw unanswered != null ? unanswered : new IllegalStateException(url + ": no answer");
    }
    return a;
  }

  private static boolean inProgress(Api.Answer a) {
    return a.status() == 409
        && a.json() != null
        && a.json().path("type").asText().endsWith("#request-in-progress");
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The gateway's URL for a call of {@code feature} of {@code model}. */
  String invokeUrl(BigInteger model, String feature) {
    return urls.licensing() + "/v1/models/" + model + "/features/" + feature + "/invoke";
  }
}
