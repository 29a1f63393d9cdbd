package io.soa.bench;

import io.soa.demo.Demo;
import io.soa.demo.Hooks;
import io.soa.demo.Stories;
import io.soa.devchain.RepoRoot;
import io.soa.devstack.Stack;
import io.soa.devstack.StackOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ./soa bench soak}: the demo's story, again and again, on the packaged suite for a bounded
 * time (10 minutes by default). Every sample (30 s): requests answered per second, the p99 of each
 * service as its callers saw it, each service's resident memory, the unpublished outbox and the
 * inbox of each database, and each consumer group's lag. At the end, whether any series kept
 * growing: its last quarter above its second quarter by more than a quarter, and still rising.
 */
final class SoakBench {
  private SoakBench() {}

  /** The services the story calls (the indexer and the model it reaches only through these). */
  private static final List<String> CALLED =
      List.of("catalog-service", "licensing-service", "payment-service");

  private static final List<String> PROCESSES =
      List.of(
          "catalog-service",
          "licensing-service",
          "payment-service",
          "chain-indexer",
          "example-model");
  private static final Map<String, String> DATABASES =
      Map.of("catalog", "e2e_catalog", "licensing", "e2e_licensing", "payment", "e2e_payment");

  static void run() throws Exception {
    double minutes = Double.parseDouble(System.getProperty("minutes", "10"));
    int sampleSeconds = Integer.getInteger("sampleSeconds", 30);
    Path root = RepoRoot.find();
    try (Stack stack =
        Stack.start(
            StackOptions.freePorts(root, root.resolve(".soa/soak"), null)
                .without(io.soa.devstack.ServiceSpec.ANALYTICS),
            line -> System.out.println("  " + line),
            pid -> {})) {
      Map<String, String> byBase = new LinkedHashMap<>();
      stack.urls().forEach((name, url) -> byBase.put(url, name));
      Map<String, ConcurrentLinkedQueue<Long>> window = new ConcurrentHashMap<>();
      AtomicInteger answered = new AtomicInteger();
      Hooks.Timer timer =
          (url, status, nanos) -> {
            byBase.forEach(
                (base, name) -> {
                  if (url.startsWith(base)) {
                    window.computeIfAbsent(name, k -> new ConcurrentLinkedQueue<>()).add(nanos);
                  }
                });
            if (status != 0) {
              answered.incrementAndGet();
            }
          };
      Stories stories =
          new Stories(
              stack.deployment(),
              Demo.Urls.of(stack.urls()),
              new Hooks(c -> {}, Hooks.NONE.chainGate(), timer),
              line -> System.out.println("  " + line));
      System.out.printf(
          "soak: the demo's story for %.1f min, a sample every %d s%n", minutes, sampleSeconds);
      Map<String, List<Double>> series = new LinkedHashMap<>();
      long end = System.nanoTime() + (long) (minutes * 60e9);
      while (System.nanoTime() < end) {
        Thread.sleep(sampleSeconds * 1000L);
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("requests/s", answered.getAndSet(0) / (double) sampleSeconds);
        for (String name : CALLED) {
          ConcurrentLinkedQueue<Long> q = window.remove(name);
          s.put(name + " p99 ms", q == null ? 0 : p99(q) / 1e6);
        }
        for (String name : PROCESSES) {
          s.put(name + " RSS MiB", rssMib(stack.pids().get(name)));
        }
        for (var db : DATABASES.entrySet()) {
          s.put(
              db.getKey() + " outbox unpublished",
              count(
                  stack, db.getValue(), "SELECT count(*) FROM outbox WHERE published_at IS NULL"));
          if (!db.getKey().equals("catalog") || hasInbox(stack, db.getValue())) {
            s.put(
                db.getKey() + " inbox rows",
                count(stack, db.getValue(), "SELECT count(*) FROM inbox"));
          }
        }
        lags(stack.kafkaBootstrap()).forEach((g, lag) -> s.put(g + " lag", (double) lag));
        s.forEach((k, v) -> series.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        System.out.printf(
            "  %s stories %d (%d failed): %s%n",
            java.time.LocalTime.now().withNano(0), stories.done(), stories.interrupted(), brief(s));
      }
      stories.close();
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("minutes", minutes);
      json.put("sampleSeconds", sampleSeconds);
      json.put("stories", stories.done());
      json.put("storiesFailed", stories.interrupted());
      Map<String, Object> verdicts = new LinkedHashMap<>();
      System.out.printf(
          "%n  %-34s %10s %10s %10s  %s%n", "series", "first", "last", "max", "grows");
      series.forEach(
          (k, v) -> {
            boolean grows = grows(v);
            System.out.printf(
                "  %-34s %10.1f %10.1f %10.1f  %s%n",
                k,
                v.get(0),
                v.get(v.size() - 1),
                v.stream().mapToDouble(d -> d).max().orElse(0),
                grows ? "GROWS" : "no");
            verdicts.put(k, Map.of("samples", v, "grows", grows));
          });
      json.put("series", verdicts);
      System.out.println("wrote " + Bench.writeJson("soak", json));
    }
  }

  /**
   * Kept growing: the mean of each quarter of the run above the one before, and the last quarter's
   * above the second's by a quarter plus a floor (5% of the maximum, and 1), so a series that only
   * jitters around a level (an outbox between relays, a lag between commits) is not called growing.
   */
  static boolean grows(List<Double> v) {
    int n = v.size();
    if (n < 8) {
      return false;
    }
    double[] q = new double[4];
    for (int i = 0; i < 4; i++) {
      q[i] = mean(v.subList(i * n / 4, (i + 1) * n / 4));
    }
    double floor = 0.05 * v.stream().mapToDouble(d -> d).max().orElse(0) + 1;
    return q[0] < q[1] && q[1] < q[2] && q[2] < q[3] && q[3] > q[1] * 1.25 + floor;
  }

  private static double mean(List<Double> v) {
    return v.stream().mapToDouble(d -> d).average().orElse(0);
  }

  private static double p99(ConcurrentLinkedQueue<Long> q) {
    long[] a = q.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(a);
    return a.length == 0 ? 0 : a[Math.min(a.length - 1, (int) Math.ceil(a.length * 0.99) - 1)];
  }

  private static double rssMib(Long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (Exception gone) {
      // a process that just exited
    }
    return 0;
  }

  private static boolean hasInbox(Stack stack, String db) throws Exception {
    return count(stack, db, "SELECT count(*) FROM pg_tables WHERE tablename = 'inbox'") > 0;
  }

  private static double count(Stack stack, String db, String sql) throws Exception {
    try (Connection c = stack.postgres().connect(db);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Each consumer group's lag: what its partitions hold beyond what it committed. */
  private static Map<String, Long> lags(String bootstrap) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    Map<String, Long> out = new LinkedHashMap<>();
    try (Admin admin = Admin.create(p)) {
      for (var g : admin.listConsumerGroups().all().get()) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(g.groupId()).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get();
        long lag = 0;
        for (var e : committed.entrySet()) {
          if (e.getValue() != null) {
            lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
          }
        }
        out.put(g.groupId(), lag);
      }
    }
    return out;
  }

  private static String brief(Map<String, Double> s) {
    StringBuilder b = new StringBuilder();
    s.forEach(
        (k, v) -> {
          if (k.contains("p99") || k.startsWith("requests") || k.contains("lag")) {
            b.append(k).append(' ').append(String.format("%.1f", v)).append(", ");
          }
        });
    return b.length() > 2 ? b.substring(0, b.length() - 2) : "";
  }
}
