package io.soa.chaos;

import io.soa.contracts.Vouchers;
import io.soa.contracts.generated.UsageEscrow;
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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Pay-per-use under crashes: the packaged suite with two payment-service replicas on one database,
 * callers charging many channels over HTTP through both, and the first replica SIGKILLed and
 * restarted at random moments, during the charges and during settlement (the settlers run every
 * half second with a two-second maximum age, so claims are in flight when it dies). Callers do what
 * a gateway does: a charge without an answer is sent again with the same request id, to the other
 * replica, until it gets one. Afterwards everything is settled and audited against the chain: every
 * charge answered 201 is in the ledger and no other is; no channel is claimed on chain beyond what
 * was charged; no voucher is paid twice; the reconciliation differs by 0 wei. Seeded, so a failing
 * run can be repeated. Used by {@code ./soa chaos payments} and, smaller, by the e2e tests.
 */
public final class PaymentsChaos {
  private PaymentsChaos() {}

  static final BigInteger PRICE = PayPerUseSetup.ONE.divide(BigInteger.valueOf(10_000));

  /** What happened and what the audit found; every count after {@code refused} should be 0. */
  public record Result(
      int kills,
      int killsDuringSettlement,
      long acknowledgedCharges,
      long retriedRequests,
      long refused,
      long lostCharges,
      long phantomCharges,
      long overClaimedChannels,
      long unsettledChannels,
      long doubleClaims,
      String reconcileDifferenceWei,
      int claimTransactions) {

    /** Nothing lost, nothing invented, nothing over-claimed or paid twice, 0 wei difference. */
    public boolean clean() {
      return lostCharges == 0
          && phantomCharges == 0
          && overClaimedChannels == 0
          && unsettledChannels == 0
          && doubleClaims == 0
          && "0".equals(reconcileDifferenceWei);
    }

    public Map<String, Object> asMap() {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("kills", kills);
      m.put("killsDuringSettlement", killsDuringSettlement);
      m.put("acknowledgedCharges", acknowledgedCharges);
      m.put("retriedRequests", retriedRequests);
      m.put("refused", refused);
      m.put("lostCharges", lostCharges);
      m.put("phantomCharges", phantomCharges);
      m.put("overClaimedChannels", overClaimedChannels);
      m.put("unsettledChannels", unsettledChannels);
      m.put("doubleClaims", doubleClaims);
      m.put("reconcileDifferenceWei", reconcileDifferenceWei);
      m.put("claimTransactions", claimTransactions);
      return m;
    }
  }

  public static Result run(
      int kills, int channels, int callers, long seed, Path dir, String kafka, Consumer<String> log)
      throws Exception {
    Random rnd = new Random(seed);
    Path root = RepoRoot.find();
    StackOptions options =
        StackOptions.freePorts(root, dir, kafka)
            .without(io.soa.devstack.ServiceSpec.ANALYTICS)
            .withEnv(
                Map.of(
                    "SOA_PAYMENT_SETTLE_INTERVAL", "500ms",
                    "SOA_PAYMENT_SETTLE_MAX_AGE", "2s",
                    "SOA_PAYMENT_SETTLE_BATCH_SIZE", "8",
                    "SOA_PAYMENT_SETTLE_RESUBMIT_AFTER", "5s"));
    try (Stack stack = Stack.start(options, log, pid -> {})) {
      Web3j web3j = Chain.connect(stack.deployment().rpcUrl());
      String payments = stack.urls().get("payment-service");
      List<String> replicas = List.of(payments, stack.startReplica("payment-service"));
      Credentials owner = DevAccounts.account(1);
      Credentials payer = DevAccounts.account(3);
      BigInteger model = PayPerUseSetup.model(stack, web3j, owner, payer, PRICE, 1_000);
      ECKeyPair signer = Keys.createEcKeyPair();
      List<BigInteger> ids =
          PayPerUseSetup.open(
              stack,
              web3j,
              payer,
              model,
              channels,
              PayPerUseSetup.ONE.multiply(BigInteger.TEN),
              signer);
      PayPerUseSetup.awaitMirrored(payments, ids);
      String token = stack.tokens().gatewayToken(Duration.ofHours(1));
      Vouchers.Domain domain =
          new Vouchers.Domain(
              stack.deployment().chainId(),
              stack.deployment().address("UsageEscrow").toLowerCase());

      PaymentsLoad load = new PaymentsLoad(replicas, token, model, ids, domain, signer, seed, log);
      // the price reaches the mirror through the indexer too: wait for the first charge
      load.probe();
      AtomicBoolean loading = new AtomicBoolean(true);
      List<Thread> workers = new ArrayList<>();
      for (int w = 0; w < callers; w++) {
        int worker = w;
        workers.add(
            Thread.ofPlatform()
                .name("chaos-caller-" + w)
                .start(() -> load.callLoop(worker, callers, loading)));
      }
      int duringSettlement = Math.max(1, kills / 4);
      int done = 0;
      for (; done < kills - duringSettlement; done++) {
        Thread.sleep(500 + rnd.nextInt(2000));
        stack.crashAndRestart("payment-service");
        log.accept(
            "kill -9 "
                + (done + 1)
                + "/"
                + kills
                + " during charges; acknowledged so far "
                + load.acknowledged.size());
      }
      loading.set(false);
      for (Thread t : workers) {
        t.join();
      }
      HttpClient http = HttpClient.newHttpClient();
      String operator = stack.tokens().operatorToken("0x" + "0e".repeat(20)); // settles all
      for (; done < kills; done++) {
        String at = replicas.get(done % 2);
        retry(() -> post(http, at + "/v1/settlements", operator));
        Thread.sleep(rnd.nextInt(400));
        stack.crashAndRestart("payment-service");
        log.accept("kill -9 " + (done + 1) + "/" + kills + " during settlement");
      }

      // settle everything: every channel claimed up to what was charged, nothing in flight
      Map<String, BigInteger> charged = load.chargedPerChannel();
      long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
      Map<?, ?> rec = null;
      for (int round = 0; System.nanoTime() < deadline; round++) {
        String at = replicas.get(round % 2); // both replicas settle; one at a time by a lock
        retry(() -> post(http, at + "/v1/settlements", operator));
        rec =
            EventCodec.JSON.readValue(
                retry(() -> get(http, payments + "/v1/reconciliation")), Map.class);
        if (settled(rec, charged)) {
          break;
        }
        Thread.sleep(500);
      }
      Result r = audit(stack, web3j, ids, load, rec, http, payments, done, duringSettlement);
      web3j.shutdown();
      return r;
    }
  }

  private static boolean settled(Map<?, ?> rec, Map<String, BigInteger> charged) {
    Map<String, Map<?, ?>> byId = new HashMap<>();
    for (Object o : (List<?>) rec.get("channels")) {
      Map<?, ?> c = (Map<?, ?>) o;
      byId.put((String) c.get("channelId"), c);
    }
    for (var e : charged.entrySet()) {
      Map<?, ?> c = byId.get(e.getKey());
      if (c == null
          || !"0".equals(c.get("inFlight"))
          || !e.getValue().toString().equals(c.get("claimedOnChain"))
          || !"0".equals(c.get("differenceWei"))) {
        return false;
      }
    }
    return true;
  }

  private static Result audit(
      Stack stack,
      Web3j web3j,
      List<BigInteger> ids,
      PaymentsLoad load,
      Map<?, ?> rec,
      HttpClient http,
      String payments,
      int kills,
      int duringSettlement)
      throws Exception {
    // the ledger: every charge not released, by request id
    Set<String> ledger = new HashSet<>();
    int claimTransactions;
    try (Connection db = stack.postgres().connect("e2e_payment")) {
      try (ResultSet rs =
          db.createStatement()
              .executeQuery("SELECT request_id FROM charge WHERE released_at IS NULL")) {
        while (rs.next()) {
          ledger.add(rs.getString(1));
        }
      }
      try (ResultSet rs = db.createStatement().executeQuery("SELECT count(*) FROM settlement_tx")) {
        rs.next();
        claimTransactions = rs.getInt(1);
      }
    }
    Set<String> acked = load.acknowledged.keySet();
    long lost = acked.stream().filter(id -> !ledger.contains(id)).count();
    long phantom = ledger.stream().filter(id -> !acked.contains(id)).count();

    // the chain: claimed per channel, and every ChannelClaimed the escrow emitted
    String at = stack.deployment().address("UsageEscrow");
    UsageEscrow escrow = Chain.load(UsageEscrow.class, at, web3j, DevAccounts.deployer());
    Map<String, BigInteger> charged = load.chargedPerChannel();
    long overClaimed = 0;
    long unsettled = 0;
    Map<String, BigInteger> claimedOnChain = new HashMap<>();
    for (BigInteger id : ids) {
      BigInteger claimed = escrow.channel(id).send().claimed;
      claimedOnChain.put(id.toString(), claimed);
      int c = claimed.compareTo(charged.getOrDefault(id.toString(), BigInteger.ZERO));
      overClaimed += c > 0 ? 1 : 0;
      unsettled += c < 0 ? 1 : 0; // charged, never claimed: the owner not paid
    }
    EthFilter filter =
        new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, at);
    filter.addSingleTopic(EventEncoder.encode(UsageEscrow.CHANNELCLAIMED_EVENT));
    Map<String, BigInteger> paid = new HashMap<>();
    Map<String, Set<BigInteger>> vouchers = new HashMap<>();
    long doubleClaims = 0;
    for (EthLog.LogResult<?> lr : web3j.ethGetLogs(filter).send().getLogs()) {
      var e = UsageEscrow.getChannelClaimedEventFromLog((Log) lr.get());
      String ch = e.channelId.toString();
      paid.merge(ch, e.paid, BigInteger::add);
      if (!vouchers.computeIfAbsent(ch, k -> new HashSet<>()).add(e.cumulativeAmount)) {
        doubleClaims++; // the same voucher paid twice
      }
    }
    for (var e : claimedOnChain.entrySet()) {
      if (!paid.getOrDefault(e.getKey(), BigInteger.ZERO).equals(e.getValue())) {
        doubleClaims++; // paid out more (or less) than the channel's claimed total
      }
    }
    return new Result(
        kills,
        duringSettlement,
        acked.size(),
        load.retried.get(),
        load.refused.get(),
        lost,
        phantom,
        overClaimed,
        unsettled,
        doubleClaims,
        rec == null ? "unknown" : String.valueOf(rec.get("differenceWei")),
        claimTransactions);
  }

  interface Call {
    String call() throws Exception;
  }

  /** Retries a request while the service restarts. */
  private static String retry(Call c) throws Exception {
    Exception last = null;
    for (int i = 0; i < 300; i++) {
      try {
        return c.call();
      } catch (java.io.IOException | IllegalStateException e) {
        last = e;
        Thread.sleep(200);
      }
    }
    throw last;
  }

  private static String post(HttpClient http, String url, String token) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 500) {
      throw new IllegalStateException(url + " answered " + r.statusCode());
    }
    return r.body();
  }

  private static String get(HttpClient http, String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + r.statusCode());
    }
    return r.body();
  }
}
