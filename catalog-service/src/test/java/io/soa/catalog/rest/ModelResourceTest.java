package io.soa.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = io.soa.devstack.testing.SoaTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "catalog_rest_test"))
class ModelResourceTest {

  static final String DEV = "0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
  static final String DIGEST = "0x" + "9f".repeat(32);

  static String body(String name, String developer, String extra) {
    return """
        {"name": %s, "description": "Classifies text", "task": "text-classification",
         "framework": "pytorch", "tags": ["nlp"], "features": [{"id": "classify", "description": "one label"}],
         "endpointUrl": "https://models.example.com/s", "artifactDigest": "%s", "developer": %s %s}
        """.formatted(name, DIGEST, developer, extra);
  }

  @Test
  void registersAndReadsBackAModel() {
    String id = given().contentType(ContentType.JSON).body(body("\"Sentiment\"", "\"" + DEV + "\"", ""))
        .when().post("/v1/models")
        .then().statusCode(201)
        .header("Location", containsString("/v1/models/"))
        .body("state", equalTo("draft"))
        .body("developer", equalTo(DEV.toLowerCase()))
        .extract().path("id");
    String expectedCatalogId = "0x" + "0".repeat(32) + id.replace("-", "");
    given().when().get("/v1/models/" + id)
        .then().statusCode(200)
        .body("id", equalTo(id))
        .body("catalogId", equalTo(expectedCatalogId))
        .body("name", equalTo("Sentiment"))
        .body("tags", hasItem("nlp"))
        .body("features[0].id", equalTo("classify"))
        .body("artifactDigest", equalTo(DIGEST))
        .body("createdAt", notNullValue());
  }

  @Test
  void unknownModelIs404Problem() {
    given().when().get("/v1/models/6f1c2b0e-1d2a-4c55-9a57-1b2c3d4e5f60")
        .then().statusCode(404).contentType("application/problem+json")
        .body("status", equalTo(404)).body("title", equalTo("model not found"));
    given().when().get("/v1/models/not-a-uuid").then().statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void badInputIs400NamingTheFieldAndWritesNothing() throws Exception {
    long before = count("model") + count("outbox");
    expectFieldError(body("null", "\"" + DEV + "\"", ""), "name");
    expectFieldError(body("\"\"", "\"" + DEV + "\"", ""), "name");
    expectFieldError(body("\"ok\"", "\"0x1234\"", ""), "developer");
    expectFieldError(body("\"ok\"", "null", ""), "developer");
    expectFieldError(body("\"ok\"", "\"" + DEV + "\"", ", \"tags\": 5"), "tags");
    expectFieldError(body("\"ok\"", "\"" + DEV + "\"", ", \"colour\": {\"r\": 1}"), "colour");
    expectFieldError(body("\"ok\"", "\"" + DEV + "\"", "").replace("\"classify\"", "\"Bad Id!\""),
        "features[0].id");
    expectFieldError(body("\"ok\"", "\"" + DEV + "\"", "").replace(DIGEST, "0xabc"), "artifactDigest");
    expectFieldError(body("\"ok\"", "\"" + DEV + "\"", "")
        .replace("https://models.example.com/s", "ftp://x"), "endpointUrl");
    String big = "x".repeat(1024 * 1024);
    expectFieldError(body("\"ok\"", "\"" + DEV + "\"", "").replace("Classifies text", big),
        "description");
    expectFieldError(body("\"ok\"", "\"" + DEV + "\"", "").replace("]}", "]}").replace(
        "[{\"id\": \"classify\", \"description\": \"one label\"}]",
        "[{\"id\": \"a\"}, {\"id\": \"a\"}]"), "features[1].id");
    given().contentType(ContentType.JSON).body("{\"name\": ").when().post("/v1/models")
        .then().statusCode(400).contentType("application/problem+json")
        .body("title", equalTo("Malformed JSON"));
    given().contentType(ContentType.JSON).when().post("/v1/models")
        .then().statusCode(400).contentType("application/problem+json");
    assertThat(count("model") + count("outbox")).isEqualTo(before);
  }

  static void expectFieldError(String json, String field) {
    given().contentType(ContentType.JSON).body(json)
        .when().post("/v1/models")
        .then().log().ifValidationFails().statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("errors.field", hasItem(field));
  }

  static long count(String table) throws Exception {
    return io.soa.catalog.Db.count("catalog_rest_test", "SELECT count(*) FROM " + table);
  }
}
