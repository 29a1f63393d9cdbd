package io.soa.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.soa.contracts.node.RepoRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Entry point of {@code ./soa bench NAME}; each bench prints a table and writes JSON. */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    String name = args.length == 0 ? "" : args[0];
    switch (name) {
      case "contracts" -> ContractsBench.run();
      default -> {
        System.err.println("usage: ./soa bench contracts");
        System.exit(2);
      }
    }
    System.exit(0);
  }

  /** Writes {@code .soa/bench/<name>.json}. */
  static Path writeJson(String name, Map<String, ?> values) throws java.io.IOException {
    Path dir = RepoRoot.find().resolve(".soa/bench");
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), values);
    return file;
  }
}
