package io.soa.licensing.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.soa.testing.SoaTestResource;
import java.util.List;
import java.util.Map;

/**
 * The gateway's application for its tests, started once for all of them: contracts at fixed
 * addresses (no chain: events are published as the indexer would), a model endpoint on this host,
 * short timeouts, and a payment-service that is down (nothing listens on port 9), so the voucher
 * path meets its failure.
 */
public class GatewayApp implements QuarkusTestProfile {
  static final String DB = "licensing_gateway_test";
  static final String REGISTRY = "0x1000000000000000000000000000000000000001";
  static final String LICENSES = "0x1000000000000000000000000000000000000002";
  static final String ESCROW = "0x1000000000000000000000000000000000000003";
  static final String MARKET = "0x1000000000000000000000000000000000000004";
  static final String SOA = "0x1000000000000000000000000000000000000005";
  static final String PAYEES = "0x1000000000000000000000000000000000000006";

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(
        new TestResourceEntry(
            SoaTestResource.class,
            Map.ofEntries(
                Map.entry("database", DB),
                Map.entry("config.soa.chain.chain-id", "31337"),
                Map.entry("config.soa.chain.contracts.model-registry", REGISTRY),
                Map.entry("config.soa.chain.contracts.license-token", LICENSES),
                Map.entry("config.soa.chain.contracts.usage-escrow", ESCROW),
                Map.entry("config.soa.chain.contracts.marketplace", MARKET),
                Map.entry("config.soa.chain.contracts.soa-token", SOA),
                Map.entry("config.soa.chain.contracts.model-payees", PAYEES),
                // the origin tests call (sign-in-with-x challenges name it)
                Map.entry("siweOnTestPort", "true"),
                Map.entry("config.soa.gateway.allow-local", "true"),
                Map.entry("config.soa.gateway.upstream-timeout", "2s"),
                Map.entry("config.soa.gateway.max-response-bytes", "2097152"),
                Map.entry("config.soa.gateway.expiry-sweep-interval", "1s"),
                Map.entry("config.soa.gateway.payment-url", "http://127.0.0.1:9"))));
  }
}
