package io.soa.devstack;

import java.nio.file.Path;
import java.util.List;

/** One of the suite's services as the local stack runs it. */
public record ServiceSpec(String name, int port, String database) {

  /** The four services, with their fixed ports and databases. */
  public static final List<ServiceSpec> ALL =
      List.of(
          new ServiceSpec("catalog-service", 8081, "soa_catalog"),
          new ServiceSpec("licensing-service", 8082, "soa_licensing"),
          new ServiceSpec("payment-service", 8083, "soa_payment"),
          new ServiceSpec("chain-indexer", 8084, "soa_indexer"));

  public Path runner(Path root) {
    return root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }
}
