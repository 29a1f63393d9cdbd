package io.soa.bench;

import io.soa.chaos.PayPerUseSetup;
import io.soa.contracts.Vouchers;
import io.soa.contracts.generated.LicenseToken;
import io.soa.contracts.generated.SOAToken;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.RepoRoot;
import io.soa.devstack.Stack;
import io.soa.devstack.StackOptions;
import io.soa.events.EventCodec;
import io.soa.testing.ModelUpstream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.protocol.Web3j;
import org.web3j.utils.Numeric;

/**
 * {@code ./soa bench access}: the packaged suite on loopback with a local model endpoint that
 * answers at once. A model registered in the catalog and tokenized, priced per call and given an
 * unlimited licence tier; 16 callers each holding a licence, then 16 callers each paying with a
 * voucher of their own channel (signed ahead, as a client would), then sign-ins. The gateway's own
 * time per call (decision and forwarding, the model excluded) is its {@code soa_gateway_overhead}
 * timer; the load generator's figures include the model's.
 */
final class AccessBench {
  private AccessBench() {}

  static final BigInteger ONE = BigInteger.TEN.pow(18);
  static final BigInteger PRICE = ONE.divide(BigInteger.valueOf(100_000));

  static void run() throws Exception {
    int connections = Integer.getInteger("connections", 16);
    double seconds = Double.parseDouble(System.getProperty("seconds", "20"));
    int voucherCalls = Integer.getInteger("voucherCalls", 40_000);
    int signIns = Integer.getInteger("signIns", 2_000);
    Path root = RepoRoot.find();
    try (ModelUpstream upstream = new ModelUpstream();
        Stack stack =
            Stack.start(
                StackOptions.freePorts(root, root.resolve(".soa/bench/access-stack"), null)
                    .without(io.soa.devstack.ServiceSpec.ANALYTICS),
                line -> System.out.println("  " + line),
                pid -> {})) {
      Web3j web3j = Chain.connect(stack.deployment().rpcUrl());
      HttpClient http = HttpClient.newHttpClient();
      String catalog = stack.urls().get("catalog-service");
      String licensing = stack.urls().get("licensing-service");
      int port = URI.create(licensing).getPort();
      Credentials owner = DevAccounts.account(1);
      Credentials payer = DevAccounts.account(3);
      BigInteger model =
          AccessSetup.model(stack, web3j, http, catalog, upstream.endpoint(), owner, payer);

      // licence path: one unlimited licence per caller, bought by the payer for them
      LicenseToken lt =
          Chain.load(LicenseToken.class, stack.deployment().address("LicenseToken"), web3j, owner);
      BigInteger tier =
          LicenseToken.getTierCreatedEvents(
                  lt.createTier(
                          model,
                          ONE,
                          BigInteger.ZERO,
                          BigInteger.ZERO,
                          BigInteger.ZERO,
                          true,
                          new byte[32],
                          List.of())
                      .send())
              .get(0)
              .tierId;
      Chain.load(SOAToken.class, stack.deployment().address("SOAToken"), web3j, payer)
          .approve(
              stack.deployment().address("LicenseToken"),
              ONE.multiply(BigInteger.valueOf(connections)))
          .send();
      LicenseToken bought =
          Chain.load(LicenseToken.class, stack.deployment().address("LicenseToken"), web3j, payer);
      List<String> holders = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        String holder = "0x" + Keys.getAddress(Keys.createEcKeyPair());
        bought.purchase(tier, holder).send();
        holders.add(holder);
      }
      for (String h : holders) {
        AccessSetup.await(
            http, licensing + "/v1/entitlements?holder=" + h + "&model=" + model, "licenseId");
      }
      AccessSetup.await(http, licensing + "/v1/models/" + model + "/offers", "\"catalogId\":\"");
      List<String> tokens =
          holders.stream().map(h -> stack.tokens().token(h, Duration.ofHours(1))).toList();
      String body = "{\"text\":\"Hello world.\"}";
      String path = "/v1/models/" + model + "/features/tokens/invoke";
      HttpLoad.run( // warm-up, not measured
          port,
          connections,
          0,
          5,
          n -> AccessSetup.invoke(path, tokens.get(n % connections), null, body));
      long gw = stack.pids().get("licensing-service");
      long self = ProcessHandle.current().pid();
      if (Boolean.getBoolean("jfr")) { // -Djfr=true: profile the gateway during the licence path
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(gw),
                "JFR.start",
                "duration=" + (int) seconds + "s",
                "filename=" + root.resolve(".soa/bench/access-licensing.jfr"))
            .inheritIO()
            .start()
            .waitFor();
      }
      double cpu0 = ProcStats.cpuSeconds(gw);
      double self0 = ProcStats.cpuSeconds(self);
      double busy0 = ProcStats.machineBusySeconds();
      HttpLoad.Result licence =
          HttpLoad.run(
              port,
              connections,
              2,
              seconds,
              n -> AccessSetup.invoke(path, tokens.get(n % connections), null, body));
      double cpu1 = ProcStats.cpuSeconds(gw);
      double self1 = ProcStats.cpuSeconds(self);
      double busy1 = ProcStats.machineBusySeconds();
      Map<String, Double> licenceOverhead =
          AccessSetup.overhead(http, stack.metricsUrl("licensing-service"), "licence");

      if ("licence".equals(System.getProperty("paths"))) { // -Dpaths=licence: that path only
        System.out.printf(
            "licence path: %d/s, overhead %s ms, gateway CPU %d µs/call%n",
            Math.round(licence.rps()),
            licenceOverhead,
            Math.round((cpu1 - cpu0) * 1e6 / Math.max(1, licence.requests())));
        return;
      }
      // voucher path: one channel per caller, vouchers signed ahead in steps of 10 calls
      ECKeyPair signer = Keys.createEcKeyPair();
      List<BigInteger> channels =
          PayPerUseSetup.open(stack, web3j, payer, model, connections, ONE, signer);
      PayPerUseSetup.awaitMirrored(stack.urls().get("payment-service"), channels);
      long chainId = stack.deployment().chainId();
      Vouchers.Domain domain =
          new Vouchers.Domain(chainId, stack.deployment().address("UsageEscrow").toLowerCase());
      int perChannel = voucherCalls / connections + 1;
      int step = 10;
      String[][] vouchers = new String[connections][perChannel / step + 2];
      for (int c = 0; c < connections; c++) {
        for (int s = 1; s < vouchers[c].length; s++) {
          BigInteger cum = PRICE.multiply(BigInteger.valueOf((long) s * step));
          vouchers[c][s] =
              channels.get(c)
                  + ":"
                  + cum
                  + ":"
                  + Numeric.toHexString(domain.sign(channels.get(c), cum, signer));
        }
      }
      String payerToken =
          stack.tokens().token(payer.getAddress().toLowerCase(), Duration.ofHours(1));
      String run = UUID.randomUUID().toString().substring(0, 8);
      HttpLoad.Result voucher =
          HttpLoad.runCount(
              port,
              connections,
              voucherCalls,
              n -> {
                int c = n % connections;
                int k = n / connections + 1; // this channel's k-th call
                return AccessSetup.invokeWithId(
                    path, payerToken, vouchers[c][(k + step - 1) / step], run + "-" + n, body);
              });
      Map<String, Double> voucherOverhead =
          AccessSetup.overhead(http, stack.metricsUrl("licensing-service"), "voucher");

      // sign-in: nonces asked and messages signed ahead, then only POST /v1/auth/siwe measured
      Credentials wallet = Credentials.create(Keys.createEcKeyPair());
      String[] signInRequests = new String[signIns];
      for (int i = 0; i < signIns; i++) {
        Map<?, ?> n =
            EventCodec.JSON.readValue(
                AccessSetup.post(http, licensing + "/v1/auth/nonce"), Map.class);
        String msg =
            n.get("domain")
                + " wants you to sign in with your Ethereum account:\n"
                + Keys.toChecksumAddress(wallet.getAddress())
                + "\n\nBench.\n\nURI: "
                + n.get("uri")
                + "\nVersion: 1\nChain ID: "
                + n.get("chainId")
                + "\nNonce: "
                + n.get("nonce")
                + "\nIssued At: "
                + Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Sign.SignatureData s =
            Sign.signPrefixedMessage(msg.getBytes(StandardCharsets.UTF_8), wallet.getEcKeyPair());
        byte[] sig = new byte[65];
        System.arraycopy(s.getR(), 0, sig, 0, 32);
        System.arraycopy(s.getS(), 0, sig, 32, 32);
        sig[64] = s.getV()[0];
        signInRequests[i] =
            EventCodec.JSON.writeValueAsString(
                Map.of("message", msg, "signature", Numeric.toHexString(sig)));
      }
      HttpLoad.Result siwe =
          HttpLoad.runCount(
              port, 8, signIns, n -> AccessSetup.postJson("/v1/auth/siwe", signInRequests[n]));

      Map<String, Object> out = new LinkedHashMap<>();
      out.put("licensePathRps", Math.round(licence.rps()));
      out.put("licensePathP50Ms", licenceOverhead.get("0.5"));
      out.put("licensePathP99Ms", licenceOverhead.get("0.99"));
      out.put("licensePathEndToEndP99Ms", licence.percentileMs(0.99));
      out.put("licensePathErrors", licence.errors());
      out.put(
          "gatewayCpuMicrosPerLicenceCall",
          Math.round((cpu1 - cpu0) * 1e6 / Math.max(1, licence.requests())));
      out.put(
          "benchJvmCpuMicrosPerLicenceCall", // the load generator and the model endpoint
          Math.round((self1 - self0) * 1e6 / Math.max(1, licence.requests())));
      out.put(
          "machineCpuMicrosPerLicenceCall",
          Math.round((busy1 - busy0) * 1e6 / Math.max(1, licence.requests())));
      out.put("voucherPathRps", Math.round(voucher.rps()));
      out.put("voucherPathP50Ms", voucherOverhead.get("0.5"));
      out.put("voucherPathP99Ms", voucherOverhead.get("0.99"));
      out.put("voucherPathEndToEndP99Ms", voucher.percentileMs(0.99));
      out.put("voucherPathErrors", voucher.errors());
      out.put("siwePerSecond", Math.round(siwe.rps()));
      out.put("siweErrors", siwe.errors());
      out.put("upstreamCalls", upstream.calls());
      out.forEach((k, v) -> System.out.printf("  %-28s %s%n", k, v));
      System.out.println("wrote " + Bench.writeJson("access", out));
      web3j.shutdown();
    }
  }
}
