package io.soa.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.soa.catalog.Auth;
import io.soa.devstack.auth.DevTokens;
import io.soa.testing.ApiFuzzer;
import io.soa.testing.SoaTestResource;
import io.soa.testing.TestDb;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every operation of the catalog's OpenAPI under hostile input: problems, never 5xx, no writes. */
@QuarkusTest
@WithTestResource(
    value = SoaTestResource.class,
    initArgs = @ResourceArg(name = "database", value = ApiFuzzTest.DB))
class ApiFuzzTest {
  static final String DB = "catalog_fuzz_test";
  static final String DEV = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";

  @TestHTTPResource("/")
  URL base;

  /**
   * What a request could write. (Not the inbox: the chain mirror may consume other tests' events
   * meanwhile.)
   */
  static long rows() throws Exception {
    return TestDb.count(
        DB,
        "SELECT (SELECT count(*) FROM model) + (SELECT count(*) FROM model_version)"
            + " + (SELECT count(*) FROM outbox) + (SELECT count(*) FROM terms_document)");
  }

  @Test
  void hostileRequestsGetProblemDetailsNeverA5xxAndWriteNothing() throws Exception {
    String id =
        given()
            .auth()
            .oauth2(Auth.token(DEV))
            .contentType(ContentType.JSON)
            .body(
                """
        {"name": "Fuzz target", "features": [{"id": "classify"}],
         "endpointUrl": "https://models.example.com/fuzz"}""")
            .post("/v1/models")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    given()
        .auth()
        .oauth2(Auth.token(DEV))
        .contentType(ContentType.JSON)
        .body(
            """
        {"version": "1.0.0", "artifactUri": "https://models.example.com/a.bin", "sha256": "%s",
         "sizeBytes": 10}"""
                .formatted("ab".repeat(32)))
        .post("/v1/models/" + id + "/versions")
        .then()
        .statusCode(201);
    long before = rows();
    String etag = given().get("/v1/models/" + id).then().extract().header("ETag");

    ApiFuzzer fuzzer =
        new ApiFuzzer(
            base.toString().replaceAll("/$", ""),
            Auth.token(DEV),
            DevTokens.generate().token(DEV),
            Map.of("id", id, "version", "1.0.0", "digest", "0x" + "ab".repeat(32)));
    var findings = fuzzer.run();
    assertThat(findings).as("%d requests sent", fuzzer.sent()).isEmpty();
    assertThat(fuzzer.sent()).isGreaterThan(500);

    given().get("/q/health/ready").then().statusCode(200);
    assertThat(rows()).isEqualTo(before); // no row written by a rejected request
    given().get("/v1/models/" + id).then().statusCode(200).header("ETag", etag);
  }
}
