package io.soa.bench;

import io.soa.devchain.RepoRoot;
import io.soa.events.EventCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Entry point of {@code ./soa bench NAME}; each bench prints a table and writes JSON. */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    // children (anvil, Kafka, the indexer) must not outlive an interrupted run
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
    String name = String.join(" ", args);
    switch (name) {
      case "bench contracts" -> ContractsBench.run();
      case "bench indexer" -> IndexerBench.run();
      case "bench catalog" -> CatalogBench.run();
      case "bench payments" -> PaymentsBench.run();
      case "bench access" -> AccessBench.run();
      case "bench soak" -> SoakBench.run();
      case "chaos indexer" -> chaosIndexer();
      case "chaos payments" -> chaosPayments();
      case "chaos suite" -> chaosSuite();
      default -> {
        System.err.println(
            "usage: ./soa bench contracts|indexer|catalog|payments|access|soak | ./soa chaos"
                + " indexer|payments|suite");
        System.exit(2);
      }
    }
    System.exit(0);
  }

  static void chaosIndexer() throws Exception {
    long seed = Long.getLong("seed", System.currentTimeMillis());
    int kills = Integer.getInteger("kills", 20);
    int reorgs = Integer.getInteger("reorgs", 20);
    System.out.printf(
        "chaos: %d kill -9s and %d reorgs of the packaged chain-indexer under load (seed %d)%n",
        kills, reorgs, seed);
    var r =
        io.soa.chaos.IndexerChaos.run(
            kills,
            reorgs,
            200,
            seed,
            RepoRoot.find().resolve(".soa/chaos"),
            line -> System.out.println("  " + line),
            Integer.getInteger("replicas", 1));
    System.out.printf(
        "%nevents on the canonical chain: %d%nlost: %d%nduplicates after dedupe: %d%ndiverged: %d%n",
        r.events(), r.lost(), r.duplicatesAfterDedupe(), r.diverged());
    if (!r.report().exact()) {
      System.out.println("audit: " + r.report());
    }
    Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("kills", r.kills());
    json.put("reorgs", r.reorgs());
    json.put("events", r.events());
    json.put("lost", r.lost());
    json.put("duplicatesAfterDedupe", r.duplicatesAfterDedupe());
    json.put("diverged", r.diverged());
    json.put("seed", seed);
    json.put("longestHandoverMs", r.longestHandoverMs());
    System.out.println("wrote " + writeJson("chaos-indexer", json));
    if (!r.report().exact()) {
      System.exit(1);
    }
  }

  static void chaosSuite() throws Exception {
    long seed = Long.getLong("seed", System.currentTimeMillis());
    int faults = Integer.getInteger("faults", 27);
    System.out.printf(
        "chaos: the demo's story as load on the packaged suite, %d faults of %d kinds (seed %d)%n",
        faults, io.soa.chaos.SuiteChaos.Fault.values().length, seed);
    var r =
        io.soa.chaos.SuiteChaos.run(
            faults,
            seed,
            RepoRoot.find().resolve(".soa/chaos-suite"),
            line -> System.out.println("  " + line));
    Map<String, Object> json = new java.util.LinkedHashMap<>(r.asMap());
    json.put("seed", seed);
    System.out.println();
    json.forEach((k, v) -> System.out.printf("  %-24s %s%n", k, v));
    r.audit().problems().stream().limit(40).forEach(p -> System.out.println("  problem: " + p));
    System.out.println("wrote " + writeJson("chaos-suite", json));
    if (!r.audit().clean()) {
      System.exit(1);
    }
  }

  static void chaosPayments() throws Exception {
    long seed = Long.getLong("seed", System.currentTimeMillis());
    int kills = Integer.getInteger("kills", 24);
    System.out.printf(
        "chaos: %d kill -9s of the packaged payment-service during charges and settlement"
            + " (seed %d)%n",
        kills, seed);
    var r =
        io.soa.chaos.PaymentsChaos.run(
            kills,
            Integer.getInteger("channels", 24),
            Integer.getInteger("callers", 8),
            seed,
            RepoRoot.find().resolve(".soa/chaos-payments"),
            null,
            line -> System.out.println("  " + line));
    Map<String, Object> json = new java.util.LinkedHashMap<>(r.asMap());
    json.put("seed", seed);
    System.out.println();
    json.forEach((k, v) -> System.out.printf("  %-24s %s%n", k, v));
    System.out.println("wrote " + writeJson("chaos-payments", json));
    if (!r.clean()) {
      System.exit(1);
    }
  }

  /** Writes {@code .soa/bench/<name>.json}. */
  static Path writeJson(String name, Map<String, ?> values) throws java.io.IOException {
    Path dir = RepoRoot.find().resolve(".soa/bench");
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".json");
    EventCodec.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), values);
    return file;
  }
}
