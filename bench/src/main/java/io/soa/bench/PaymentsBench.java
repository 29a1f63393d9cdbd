package io.soa.bench;

import io.soa.chaos.PayPerUseSetup;
import io.soa.contracts.Vouchers;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.RepoRoot;
import io.soa.devstack.Stack;
import io.soa.devstack.StackOptions;
import io.soa.events.EventCodec;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * {@code ./soa bench payments}: the packaged suite on anvil; 1,000 channels opened on chain and
 * mirrored through the indexer, charged over HTTP by a closed-loop load generator, then one hot
 * channel with 64 concurrent callers, then everything settled with claimBatch and reconciled.
 * Vouchers are signed ahead ({@code -Dstep}, default 10 calls each), as a client would, so the
 * bench does not measure its own signing.
 */
final class PaymentsBench {
  private PaymentsBench() {}

  static final BigInteger ONE = BigInteger.TEN.pow(18);
  static final BigInteger PRICE = ONE.divide(BigInteger.valueOf(10_000));

  static void run() throws Exception {
    int channels = Integer.getInteger("channels", 1_000);
    int perChannel = Integer.getInteger("perChannel", 40);
    int step = Integer.getInteger("step", 10);
    int connections = Integer.getInteger("connections", 16);
    int hotCalls = Integer.getInteger("hotCalls", 20_000);
    Path root = RepoRoot.find();
    try (Stack stack =
        Stack.start(
            StackOptions.freePorts(root, root.resolve(".soa/bench/payments-stack"), null)
                .without(io.soa.devstack.ServiceSpec.ANALYTICS),
            line -> System.out.println("  " + line),
            pid -> {})) {
      Web3j web3j = Chain.connect(stack.deployment().rpcUrl());
      String payments = stack.urls().get("payment-service");
      long chainId = stack.deployment().chainId();
      String escrowAt = stack.deployment().address("UsageEscrow").toLowerCase();
      Credentials owner = DevAccounts.account(1);
      Credentials payer = DevAccounts.account(3);
      BigInteger model = PayPerUseSetup.model(stack, web3j, owner, payer, PRICE, 10_000);
      ECKeyPair signer = Keys.createEcKeyPair();
      long t0 = System.nanoTime();
      List<BigInteger> ids =
          PayPerUseSetup.open(
              stack,
              web3j,
              payer,
              model,
              channels + 1,
              ONE.multiply(BigInteger.valueOf(3)),
              signer);
      System.out.printf(
          "opened %d channels on chain in %.1f s%n", ids.size(), (System.nanoTime() - t0) / 1e9);
      HttpClient http = HttpClient.newHttpClient();
      PayPerUseSetup.awaitMirrored(payments, ids);
      System.out.printf(
          "mirrored through the indexer after %.1f s%n", (System.nanoTime() - t0) / 1e9);
      String token = stack.tokens().gatewayToken(Duration.ofHours(1));
      int port = URI.create(payments).getPort();

      // vouchers signed ahead, step calls each: request k of channel c carries ceil(k/step)*step
      Vouchers.Domain domain = new Vouchers.Domain(chainId, escrowAt);
      List<BigInteger> spread = ids.subList(0, channels);
      int total = channels * perChannel;
      String[] sig = new String[channels * (perChannel / step + 1)];
      for (int c = 0; c < channels; c++) {
        for (int s = 1; s <= perChannel / step; s++) {
          sig[c * (perChannel / step + 1) + s] =
              Numeric.toHexString(
                  domain.sign(
                      spread.get(c), PRICE.multiply(BigInteger.valueOf((long) s * step)), signer));
        }
      }
      String runId = UUID.randomUUID().toString().substring(0, 8);
      String caller = "0x" + org.web3j.crypto.Keys.getAddress(signer); // the channels' signer
      double cpu0 = ProcStats.cpuSeconds(stack.pids().get("payment-service"));
      HttpLoad.Result spreadLoad =
          HttpLoad.runCount(
              port,
              connections,
              total,
              n -> {
                int c = n % channels;
                int k = n / channels + 1;
                int s = (k + step - 1) / step;
                return request(
                    token,
                    runId + "-" + n,
                    spread.get(c),
                    PRICE.multiply(BigInteger.valueOf((long) s * step)),
                    sig[c * (perChannel / step + 1) + s],
                    model,
                    caller);
              });
      double cpu1 = ProcStats.cpuSeconds(stack.pids().get("payment-service"));

      // one hot channel, 64 callers; vouchers for the whole run signed ahead in steps of 64
      BigInteger hot = ids.get(channels);
      int hotStep = 64;
      String[] hotSig = new String[hotCalls / hotStep + 2];
      for (int s = 1; s < hotSig.length; s++) {
        hotSig[s] =
            Numeric.toHexString(
                domain.sign(hot, PRICE.multiply(BigInteger.valueOf((long) s * hotStep)), signer));
      }
      HttpLoad.Result hotLoad =
          HttpLoad.runCount(
              port,
              64,
              hotCalls,
              n -> {
                int s = Math.min(hotSig.length - 1, n / hotStep + 2); // ahead of the count
                return request(
                    token,
                    runId + "-hot-" + n,
                    hot,
                    PRICE.multiply(BigInteger.valueOf((long) s * hotStep)),
                    hotSig[s],
                    model,
                    caller);
              });

      // settle everything and reconcile
      long s0 = System.nanoTime();
      List<String> settlements = new ArrayList<>();
      for (int round = 0; round < 200; round++) {
        var r =
            post(
                http,
                payments + "/v1/settlements",
                stack.tokens().operatorToken("0x" + "0e".repeat(20)));
        List<?> sent = (List<?>) EventCodec.JSON.readValue(r, Map.class).get("settlements");
        sent.forEach(x -> settlements.add(x.toString()));
        Map<?, ?> rec =
            EventCodec.JSON.readValue(get(http, payments + "/v1/reconciliation"), Map.class);
        if (sent.isEmpty() && inFlight(rec) == 0 && settled(rec)) {
          break;
        }
        Thread.sleep(500);
      }
      double settleSeconds = (System.nanoTime() - s0) / 1e9;
      Map<?, ?> rec =
          EventCodec.JSON.readValue(get(http, payments + "/v1/reconciliation"), Map.class);
      long gas = 0;
      int claimTx = 0;
      // every settlement: the settler's own rounds (max age) during the load, and the ones asked
      for (Object o :
          EventCodec.JSON.readValue(get(http, payments + "/v1/settlements"), List.class)) {
        Map<?, ?> s = (Map<?, ?>) o;
        if (s.get("txHash") != null) {
          TransactionReceipt r =
              web3j
                  .ethGetTransactionReceipt((String) s.get("txHash"))
                  .send()
                  .getTransactionReceipt()
                  .orElseThrow();
          gas += r.getGasUsed().longValueExact();
          claimTx++;
        }
      }
      int claimedChannels = ((List<?>) rec.get("channels")).size();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("charges", spreadLoad.requests());
      out.put("refused", spreadLoad.errors());
      out.put("chargesPerSecond", Math.round(spreadLoad.rps()));
      out.put("p50Ms", spreadLoad.percentileMs(0.50));
      out.put("p99Ms", spreadLoad.percentileMs(0.99));
      out.put(
          "cpuMicrosPerCharge",
          Math.round((cpu1 - cpu0) * 1e6 / Math.max(1, spreadLoad.requests())));
      out.put("hotChannelCharges", hotLoad.requests());
      out.put("hotChannelRefused", hotLoad.errors());
      out.put("hotChannelChargesPerSecond", Math.round(hotLoad.rps()));
      out.put("hotChannelP99Ms", hotLoad.percentileMs(0.99));
      out.put("claimTransactions", claimTx);
      out.put("gasPerChannel", claimedChannels == 0 ? 0 : gas / claimedChannels);
      out.put("settleSeconds", Math.round(settleSeconds * 10) / 10.0);
      out.put("reconcileDifferenceWei", rec.get("differenceWei"));
      out.put("overClaimedChannels", rec.get("overClaimedChannels"));
      out.put("ledgerBalance", rec.get("ledgerBalance"));
      out.forEach((k, v) -> System.out.printf("  %-28s %s%n", k, v));
      System.out.println("wrote " + Bench.writeJson("payments", out));
      web3j.shutdown();
    }
  }

  static byte[] request(
      String token,
      String requestId,
      BigInteger channel,
      BigInteger cumulative,
      String signature,
      BigInteger model,
      String caller) {
    String body =
        "{\"requestId\":\""
            + requestId
            + "\",\"channelId\":\""
            + channel
            + "\",\"cumulativeAmount\":\""
            + cumulative
            + "\",\"signature\":\""
            + signature
            + "\",\"modelId\":\""
            + model
            + "\",\"feature\":\"tokens\",\"caller\":\""
            + caller
            + "\",\"maxPrice\":\""
            + PRICE
            + "\"}";
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return ("POST /v1/charges HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + token
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + b.length
            + "\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.UTF_8);
  }

  static long inFlight(Map<?, ?> rec) {
    return ((List<?>) rec.get("channels"))
        .stream().filter(c -> !"0".equals(((Map<?, ?>) c).get("inFlight"))).count();
  }

  /** Every channel claimed up to the newest voucher not above what was charged. */
  static boolean settled(Map<?, ?> rec) {
    return ((List<?>) rec.get("channels"))
        .stream().allMatch(c -> !"0".equals(((Map<?, ?>) c).get("claimedOnChain")));
  }

  static String post(HttpClient http, String url, String token) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  static String get(HttpClient http, String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
