package io.soa.indexer.follower;

import io.soa.testing.ChainAudit;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.web3j.protocol.Web3j;

/** The chain a test's resource started: its contracts, and the audit of the topics against it. */
final class TestChain {
  private TestChain() {}

  static Config config() {
    return ConfigProvider.getConfig();
  }

  static String address(String kebabName) {
    return config().getValue("soa.chain.contracts." + kebabName, String.class);
  }

  /**
   * Contract name to address, as the indexer was configured, but x402's batch-settlement: it sits
   * at one fixed address on every chain, so its events on the shared broker cannot be told apart by
   * test class; only EveryEventTest, which makes them, audits it ({@link #withBatch}).
   */
  static Map<String, String> contracts() {
    return Map.of(
        "SOAToken",
        address("soa-token"),
        "ModelRegistry",
        address("model-registry"),
        "LicenseToken",
        address("license-token"),
        "Marketplace",
        address("marketplace"),
        "UsageEscrow",
        address("usage-escrow"),
        "ModelPayees",
        address("model-payees"));
  }

  /** {@link #contracts()} and x402's batch-settlement contract. */
  static Map<String, String> withBatch() {
    Map<String, String> all = new java.util.HashMap<>(contracts());
    all.put("X402BatchSettlement", address("x402-batch-settlement"));
    return all;
  }

  /** The topics' view against eth_getLogs of the canonical chain, every field checked. */
  static ChainAudit.Report audit(Web3j web3j) throws Exception {
    return audit(web3j, contracts());
  }

  static ChainAudit.Report audit(Web3j web3j, Map<String, String> contracts) throws Exception {
    return ChainAudit.audit(
        web3j,
        contracts,
        config().getValue("soa.chain.start-block", Long.class),
        config().getValue("kafka.bootstrap.servers", String.class),
        true);
  }

  /** The block the indexer under test has published up to (its {@code /v1/status} cursor). */
  static long cursor() {
    return io.restassured.RestAssured.given()
        .get("/v1/status")
        .then()
        .statusCode(200)
        .extract()
        .<Number>path("cursor")
        .longValue();
  }
}
