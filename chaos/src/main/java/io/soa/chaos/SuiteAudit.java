package io.soa.chaos;

import io.cloudevents.CloudEvent;
import io.soa.contracts.generated.UsageEscrow;
import io.soa.demo.Hooks;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import io.soa.devstack.Stack;
import io.soa.events.EventCodec;
import io.soa.events.Topics;
import io.soa.events.licensing.AccessGranted;
import io.soa.events.licensing.LicensingEventTypes;
import io.soa.testing.ChainAudit;
import io.soa.testing.TopicReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * After a chaos run: settles everything, then compares what the suite says with the chain and with
 * what its callers were answered. Each count is a broken promise; every one should be 0.
 */
public final class SuiteAudit {
  private SuiteAudit() {}

  /** Settles every channel (for up to 3 minutes), then audits. */
  public static SuiteReport settleAndAudit(
      Stack stack, Web3j web3j, List<Hooks.Call> calls, Consumer<String> log) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String payments = stack.urls().get("payment-service");
    String token = stack.tokens().operatorToken("0x" + "0e".repeat(20)); // settles every model
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    String difference = "unknown";
    while (System.nanoTime() < deadline) {
      send(http, HttpRequest.newBuilder(URI.create(payments + "/v1/settlements")), token, true);
      Map<?, ?> rec =
          EventCodec.JSON.readValue(
              send(
                  http,
                  HttpRequest.newBuilder(URI.create(payments + "/v1/reconciliation")),
                  null,
                  false),
              Map.class);
      difference = String.valueOf(rec.get("differenceWei"));
      boolean idle =
          ((List<?>) rec.get("channels"))
              .stream().allMatch(c -> "0".equals(((Map<?, ?>) c).get("inFlight")));
      if ("0".equals(difference) && idle && unreleasedFailures(stack) == 0) {
        break;
      }
      Thread.sleep(1_000);
    }
    log.accept("settled: reconciliation difference " + difference + " wei");
    Thread.sleep(3_000); // the last confirmations and decisions reach their topics

    List<String> problems = new ArrayList<>();
    ChainAudit.Report chain =
        ChainAudit.audit(
            web3j,
            stack.deployment().contracts(),
            stack.deployment().startBlock(),
            stack.kafkaBootstrap(),
            true);
    chain.lost().forEach(id -> problems.add("lost chain event " + id));
    chain.duplicatesAfterDedupe().forEach(id -> problems.add("duplicate chain event " + id));
    chain.diverged().forEach(id -> problems.add("diverged chain event " + id));
    int mismatches = ReadModelAudit.mismatches(stack, web3j, problems);

    // what the callers were answered against the access events and the ledger
    Map<String, String> decisions = new HashMap<>(); // request id -> event type
    // the requests each licence answered: a request sent again is answered again (and its
    // AccessGranted told again) without a second call taken, so requests count, not events
    Map<String, Set<String>> licenceCalls = new HashMap<>();
    Set<String> x402Paid = new HashSet<>(); // the transfers the x402 decisions name
    Map<String, String> channelCalls = new HashMap<>(); // x402 channels' paid calls: id -> amount
    for (ConsumerRecord<String, byte[]> r :
        ChainAudit.readAll(stack.kafkaBootstrap(), List.of(Topics.LICENSING_ACCESS))) {
      CloudEvent e = TopicReader.cloudEventOrNull(r);
      if (e == null) {
        continue;
      }
      if (e.getType().equals(AccessGranted.TYPE)) {
        AccessGranted g = EventCodec.data(e, LicensingEventTypes.ACCESS_GRANTED);
        decisions.put(g.requestId(), e.getType());
        if ("x402".equals(g.path()) && g.paymentTx() != null) {
          x402Paid.add(g.paymentTx());
        }
        if ("x402".equals(g.path()) && g.requestId().startsWith("x402b:") && !g.refunded()) {
          channelCalls.put(g.requestId(), g.amount());
        }
        if ("licence".equals(g.path()) && !g.refunded()) {
          licenceCalls
              .computeIfAbsent(g.licenseId(), k -> new HashSet<>())
              .add(g.caller() + ":" + g.requestId());
        }
      } else {
        decisions.put(
            EventCodec.data(e, LicensingEventTypes.ACCESS_DENIED).requestId(), e.getType());
      }
    }
    int accessMissing = 0;
    Set<String> answered200 = new HashSet<>();
    for (Hooks.Call c : calls) {
      boolean decided = c.status() == 200 || c.status() == 402;
      if (decided && !decisions.containsKey(c.requestId())) {
        accessMissing++;
        problems.add("answered " + c.status() + " but no access event: " + c.requestId());
      }
      if (c.status() == 200 && c.voucher()) {
        answered200.add(c.caller() + ":" + c.requestId());
      }
    }
    // The most each channel was ever charged (the largest charged_after): a charge given back
    // after a claim had paid it stays paid on chain and becomes the channel's credit for its next
    // calls, so the chain may be ahead of what stands now, but never beyond that most.
    Map<String, BigInteger> accepted = new HashMap<>();
    Set<String> ledger = new HashSet<>(); // the charges that stand (not released)
    long overdrawn = 0;
    try (Connection db = stack.postgres().connect("e2e_payment");
        ResultSet rs =
            db.createStatement()
                .executeQuery(
                    "SELECT request_id, channel_id, charged_after, released_at IS NULL"
                        + " FROM charge")) {
      while (rs.next()) {
        if (rs.getBoolean(4)) {
          // the gateway's charge key is caller:request id:attempt; a call is caller:request id
          String key = rs.getString(1);
          ledger.add(key.substring(0, key.lastIndexOf(':')));
        }
        accepted.merge(
            rs.getBigDecimal(2).toBigInteger().toString(),
            rs.getBigDecimal(3).toBigInteger(),
            BigInteger::max);
      }
    }
    Map<String, Hooks.Call> byKey = new HashMap<>();
    calls.forEach(c -> byKey.put(c.caller() + ":" + c.requestId(), c));
    long lostCharges = 0;
    for (String k : answered200) {
      if (!ledger.contains(k)) {
        lostCharges++;
        problems.add("answered 200, no charge in the ledger: " + k);
      }
    }
    long phantom = 0;
    for (String k : ledger) {
      if (!answered200.contains(k)) {
        phantom++;
        Hooks.Call c = byKey.get(k);
        problems.add(
            "charged, not answered 200: "
                + k
                + (c == null
                    ? " (no such call)"
                    : " (answered " + c.status() + " " + c.type() + ")"));
      }
    }
    try (Connection db = stack.postgres().connect("e2e_licensing");
        ResultSet rs =
            db.createStatement()
                .executeQuery("SELECT license_id, call_quota, calls_used FROM licence")) {
      while (rs.next()) {
        long quota = rs.getLong(2);
        int granted =
            licenceCalls
                .getOrDefault(rs.getBigDecimal(1).toBigInteger().toString(), Set.of())
                .size();
        if (quota > 0 && (rs.getLong(3) > quota || granted > quota)) {
          overdrawn++;
          problems.add("licence " + rs.getBigDecimal(1) + " overdrawn: " + granted + " > " + quota);
        }
      }
    }
    long[] claims = claims(stack, web3j, accepted, problems);
    return new SuiteReport(
        chain.view(),
        chain.lost().size(),
        chain.duplicatesAfterDedupe().size(),
        chain.diverged().size() + chain.fieldMismatches().size(),
        mismatches,
        calls.size(),
        accessMissing,
        lostCharges,
        phantom,
        claims[0],
        claims[1],
        overdrawn,
        X402Audit.mismatches(stack, x402Paid, problems)
            + X402Audit.channelMismatches(stack, channelCalls, problems),
        difference,
        problems);
  }

  /**
   * Over-claimed channels (the chain paid beyond the most the channel was ever charged) and
   * vouchers paid twice, from the logs.
   */
  private static long[] claims(
      Stack stack, Web3j web3j, Map<String, BigInteger> charged, List<String> problems)
      throws Exception {
    String at = stack.deployment().address("UsageEscrow");
    UsageEscrow escrow = Chain.load(UsageEscrow.class, at, web3j, DevAccounts.deployer());
    long over = 0;
    for (long c = 1; c <= escrow.channelCount().send().longValueExact(); c++) {
      BigInteger claimed = escrow.channel(BigInteger.valueOf(c)).send().claimed;
      if (claimed.compareTo(charged.getOrDefault(Long.toString(c), BigInteger.ZERO)) > 0) {
        over++;
        problems.add(
            "channel "
                + c
                + " claimed "
                + claimed
                + " above charges "
                + charged.get(Long.toString(c)));
      }
    }
    EthFilter filter =
        new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, at);
    filter.addSingleTopic(EventEncoder.encode(UsageEscrow.CHANNELCLAIMED_EVENT));
    Map<String, Set<BigInteger>> vouchers = new HashMap<>();
    long twice = 0;
    for (EthLog.LogResult<?> lr : web3j.ethGetLogs(filter).send().getLogs()) {
      var e = UsageEscrow.getChannelClaimedEventFromLog((Log) lr.get());
      if (!vouchers
          .computeIfAbsent(e.channelId.toString(), k -> new HashSet<>())
          .add(e.cumulativeAmount)) {
        twice++;
        problems.add(
            "voucher " + e.cumulativeAmount + " of channel " + e.channelId + " paid twice");
      }
    }
    return new long[] {over, twice};
  }

  /**
   * Charges of failed calls (the gateway's access_call) that payment-service has not released yet
   * (it does so from the decision's event): the audit waits for none.
   */
  private static long unreleasedFailures(Stack stack) throws Exception {
    Set<String> failed = new HashSet<>();
    try (Connection c = stack.postgres().connect("e2e_licensing");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT charge_id FROM access_call WHERE state = 'failed'"
                        + " AND charge_id IS NOT NULL")) {
      while (rs.next()) {
        failed.add(rs.getString(1));
      }
    }
    try (Connection c = stack.postgres().connect("e2e_payment");
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT charge_id FROM charge WHERE released_at IS NOT NULL")) {
      while (rs.next()) {
        failed.remove(rs.getString(1));
      }
    }
    return failed.size();
  }

  private static String send(HttpClient http, HttpRequest.Builder b, String token, boolean post)
      throws Exception {
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.timeout(Duration.ofSeconds(30));
    for (int i = 0; ; i++) {
      try {
        HttpResponse<String> r =
            http.send(
                (post ? b.POST(HttpRequest.BodyPublishers.noBody()) : b.GET()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() < 500) {
          return r.body();
        }
      } catch (java.io.IOException e) {
        if (i > 100) {
          throw e;
        }
      }
      Thread.sleep(300);
    }
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }
}
