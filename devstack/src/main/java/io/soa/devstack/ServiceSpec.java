package io.soa.devstack;

import java.nio.file.Path;
import java.util.List;

/**
 * One of the suite's services (or the example model) as the local stack runs it.
 *
 * @param database its PostgreSQL database, or null for one that keeps no state (the model)
 * @param management whether it serves its metrics (and operator commands) on a management interface
 *     of its own, not on its service port
 */
public record ServiceSpec(String name, int port, String database, boolean management) {

  /**
   * The four services, the example model and the analytics example (a consumer of the public
   * topics), with their fixed ports and databases.
   */
  public static final List<ServiceSpec> ALL =
      List.of(
          new ServiceSpec("catalog-service", 8081, "soa_catalog", true),
          new ServiceSpec("licensing-service", 8082, "soa_licensing", true),
          new ServiceSpec("payment-service", 8083, "soa_payment", true),
          new ServiceSpec("chain-indexer", 8084, "soa_indexer", true),
          new ServiceSpec("example-model", 8090, null, true),
          new ServiceSpec("analytics-example", 8085, null, true));

  /** The analytics example: a reader of the topics only, which benches and most tests leave out. */
  public static final String ANALYTICS = "analytics-example";

  public Path runner(Path root) {
    return root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }
}
