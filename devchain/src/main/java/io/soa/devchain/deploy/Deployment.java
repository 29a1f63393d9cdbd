package io.soa.devchain.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code ./soa up} deployed, written to {@code .soa/deployment.json}: the chain, the broker,
 * and each contract's address by name. Services and tools read their addresses from it.
 */
public record Deployment(
    long chainId,
    String rpcUrl,
    String kafkaBootstrap,
    long startBlock,
    String deployer,
    String treasury,
    int feeBps,
    Map<String, String> contracts) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public String address(String contract) {
    String a = contracts.get(contract);
    if (a == null) {
      throw new IllegalArgumentException("no contract named " + contract + " in the deployment");
    }
    return a;
  }

  /**
   * {@code ModelRegistry} → {@code model-registry}: the key of its address under {@code
   * soa.chain.contracts}.
   */
  public static String configKey(String contractName) {
    return contractName
        .replaceAll("([A-Z]+)([A-Z][a-z])", "$1-$2")
        .replaceAll("([a-z0-9])([A-Z])", "$1-$2")
        .toLowerCase(java.util.Locale.ROOT);
  }

  /** {@code ModelRegistry} → {@code SOA_CHAIN_CONTRACTS_MODEL_REGISTRY}. */
  public static String envVar(String contractName) {
    return "SOA_CHAIN_CONTRACTS_"
        + configKey(contractName).replace('-', '_').toUpperCase(java.util.Locale.ROOT);
  }

  public void write(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), this);
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Deployment read(Path file) {
    try {
      return JSON.readValue(file.toFile(), Deployment.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
