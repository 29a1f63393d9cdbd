package io.soa.payment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.soa.devstack.auth.DevTokens;
import io.soa.testing.ApiFuzzer;
import io.soa.testing.SoaTestResource;
import io.soa.testing.TestDb;
import java.net.URL;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the payment-service's OpenAPI under hostile input, with the gateway's own
 * token: problem details, never a 5xx, and nothing charged, posted or queued.
 */
@QuarkusTest
@WithTestResource(
    value = SoaTestResource.class,
    initArgs = {
      @ResourceArg(name = "database", value = ApiFuzzTest.DB),
      @ResourceArg(name = "chain", value = "true")
    })
class ApiFuzzTest {
  static final String DB = "payment_fuzz_test";

  @TestHTTPResource("/")
  URL base;

  static long rows() throws Exception {
    return TestDb.count(
        DB,
        "SELECT (SELECT count(*) FROM charge) + (SELECT count(*) FROM posting)"
            + " + (SELECT count(*) FROM outbox)");
  }

  @Test
  void hostileRequestsGetProblemDetailsNeverA5xxAndChargeNothing() throws Exception {
    long before = rows();
    ApiFuzzer fuzzer =
        new ApiFuzzer(
            base.toString().replaceAll("/$", ""),
            PaymentFixture.gatewayToken(),
            DevTokens.generate().token("licensing-service"),
            Map.of("id", UUID.randomUUID().toString()));
    var findings = fuzzer.run();
    assertThat(findings).as("%d requests sent", fuzzer.sent()).isEmpty();
    assertThat(fuzzer.sent()).isGreaterThan(100);
    given().get("/q/health/ready").then().statusCode(200);
    assertThat(rows()).isEqualTo(before);
  }
}
