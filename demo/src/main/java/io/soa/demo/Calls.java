package io.soa.demo;

import io.soa.contracts.Vouchers;
import io.soa.devchain.deploy.Deployment;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/** The demo's calls of models through the gateway, paid by licence or voucher, and settlement. */
final class Calls {
  private static final int THREADS = 8;

  private final Deployment d;
  private final Demo.Urls urls;
  private final Api api;

  Calls(Deployment d, Demo.Urls urls, Api api) {
    this.d = d;
    this.urls = urls;
    this.api = api;
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
      List<Future<Integer>> done = new ArrayList<>();
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
                  return invoke(token, model, "tokens", voucher, null).status();
                }));
      }
      int ok = 0;
      for (Future<Integer> f : done) {
        ok += f.get() == 200 ? 1 : 0;
      }
      if (ok != n) {
        throw new IllegalStateException(ok + " of " + n + " paid calls answered");
      }
      return ok;
    } finally {
      pool.shutdown();
    }
  }

  void settle(String token, BigInteger model, BigInteger channel, BigInteger charged) {
    Api.Answer a =
        api.post(urls.payment() + "/v1/settlements?modelId=" + model, token, null, Map.of());
    if (a.status() != 200) {
      throw new IllegalStateException("settlement refused: " + a.status() + " " + a.json());
    }
    api.await(
        urls.payment() + "/v1/channels/" + channel,
        c -> charged.toString().equals(c.json().path("claimedOnChain").asText()),
        Duration.ofSeconds(90),
        "the claim of " + charged + " confirmed");
  }

  Api.Answer invoke(
      String token, BigInteger model, String feature, String voucher, String requestId) {
    Map<String, String> h = new LinkedHashMap<>();
    if (voucher != null) {
      h.put("SOA-Voucher", voucher);
    }
    if (requestId != null) {
      h.put("SOA-Request-Id", requestId);
    }
    return api.post(
        urls.licensing() + "/v1/models/" + model + "/features/" + feature + "/invoke",
        token,
        Map.of("text", "The cats were sitting on the mats. They looked happy."),
        h);
  }
}
