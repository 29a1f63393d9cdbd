package io.soa.payment;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.soa.testing.SoaTestResource;
import java.util.List;
import java.util.Map;

/**
 * The application the charge and x402 tests share, started once for all of them: its own database
 * and anvil with the contracts deployed.
 */
public class ChargeApp implements QuarkusTestProfile {
  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(
        new TestResourceEntry(
            SoaTestResource.class, Map.of("database", "payment_charge_test", "chain", "true")));
  }
}
