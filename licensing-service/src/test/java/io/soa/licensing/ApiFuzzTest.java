package io.soa.licensing;

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
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the licensing-service's OpenAPI under hostile input: problem details, never a
 * 5xx, and no sign-in without a valid signed message (no nonce consumed).
 */
@QuarkusTest
@WithTestResource(
    value = SoaTestResource.class,
    initArgs = {@ResourceArg(name = "database", value = ApiFuzzTest.DB)})
class ApiFuzzTest {
  static final String DB = "licensing_fuzz_test";

  @TestHTTPResource("/")
  URL base;

  @Test
  void hostileRequestsGetProblemDetailsNeverA5xxAndSignNobodyIn() throws Exception {
    String key = ConfigProvider.getConfig().getValue("soa.test.jwt-private-key", String.class);
    ApiFuzzer fuzzer =
        new ApiFuzzer(
                base.toString().replaceAll("/$", ""),
                DevTokens.fromPrivatePem(key).token("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"),
                DevTokens.generate().token("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"),
                Map.of())
            .withOpenWrites("POST /v1/auth/nonce"); // anyone may ask for a nonce: no input to abuse
    var findings = fuzzer.run();
    assertThat(findings).as("%d requests sent", fuzzer.sent()).isEmpty();
    assertThat(fuzzer.sent()).isGreaterThan(20);
    given().get("/q/health/ready").then().statusCode(200);
    assertThat(TestDb.count(DB, "SELECT count(*) FROM siwe_nonce WHERE used_at IS NOT NULL"))
        .isZero();
  }
}
