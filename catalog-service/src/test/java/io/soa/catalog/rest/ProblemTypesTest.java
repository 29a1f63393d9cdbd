package io.soa.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.soa.catalog.Auth;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every problem answer names its request in {@code instance}, and its {@code type} resolves to a
 * section of the types page the service itself serves ({@code docs/problems.md}).
 */
@QuarkusTest
@WithTestResource(
    value = io.soa.testing.SoaTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "catalog_problem_types_test"))
class ProblemTypesTest {
  private static final String DEV = ModelResourceTest.DEV;

  @Test
  void eachTypeResolvesToASectionOfTheServedPageAndInstanceIsThePath() {
    String page =
        given()
            .get("/problems")
            .then()
            .statusCode(200)
            .contentType(org.hamcrest.Matchers.startsWith("text/markdown"))
            .extract()
            .asString();
    String id =
        given()
            .auth()
            .oauth2(Auth.token(DEV))
            .contentType(ContentType.JSON)
            .body("{\"name\": \"Problem Types\"}")
            .post("/v1/models")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String missing = "/v1/models/" + UUID.randomUUID();
    String model = "/v1/models/" + id;

    check(page, given().get(missing), 404, "not-found", missing);
    check(page, given().get("/v1/models?limit=0"), 400, "invalid-request", "/v1/models");
    check(
        page,
        given().contentType(ContentType.JSON).body("{\"name\": \"x\"}").post("/v1/models"),
        401,
        "unauthorized",
        "/v1/models");
    check(
        page,
        given()
            .auth()
            .oauth2(Auth.token(ModelResourceTest.OTHER))
            .contentType("application/merge-patch+json")
            .header("If-Match", "\"0\"")
            .body("{\"summary\": \"mine\"}")
            .patch(model),
        403,
        "forbidden",
        model);
    check(
        page,
        given()
            .auth()
            .oauth2(Auth.token(DEV))
            .contentType("application/merge-patch+json")
            .body("{\"summary\": \"x\"}")
            .patch(model),
        428,
        "if-match-required",
        model);
    check(
        page,
        given()
            .auth()
            .oauth2(Auth.token(DEV))
            .contentType("application/merge-patch+json")
            .header("If-Match", "\"7\"")
            .body("{\"summary\": \"x\"}")
            .patch(model),
        412,
        "stale-etag",
        model);
    check(
        page,
        given()
            .auth()
            .oauth2(Auth.token(DEV))
            .contentType("application/merge-patch+json")
            .header("If-Match", "\"0\"")
            .body("{not json")
            .patch(model),
        400,
        "malformed-json",
        model);
  }

  private static void check(String page, Response r, int status, String slug, String path) {
    r.then().statusCode(status).contentType("application/problem+json");
    assertThat(r.<String>path("type")).isEqualTo("/problems#" + slug);
    assertThat(r.<String>path("instance")).isEqualTo(path);
    assertThat(page).as("a section for " + slug).contains("\n## " + slug + "\n");
  }
}
