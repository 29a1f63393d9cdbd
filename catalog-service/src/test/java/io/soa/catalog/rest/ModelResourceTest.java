package io.soa.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.soa.catalog.Auth;
import io.soa.testing.TestDb;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model API over HTTP against a real database: writes, ETags, auth and problem details. */
@QuarkusTest
@WithTestResource(
    value = io.soa.testing.SoaTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "catalog_rest_test"))
class ModelResourceTest {

  static final String DEV = "0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
  static final String OTHER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
  static final String DIGEST = "0x" + "9f".repeat(32);

  static String body(String name, String developer, String extra) {
    return """
        {"name": %s, "description": "Classifies text", "task": "text-classification",
         "framework": "pytorch", "tags": ["nlp"], "features": [{"id": "classify", "description": "one label"}],
         "endpointUrl": "https://models.example.com/s", "artifactDigest": "%s", "developer": %s %s}
        """
        .formatted(name, DIGEST, developer, extra);
  }

  static RequestSpecification as(String address) {
    return given().auth().oauth2(Auth.token(address));
  }

  static String create(String json) {
    return as(DEV)
        .contentType(ContentType.JSON)
        .body(json)
        .when()
        .post("/v1/models")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  @Test
  void registersAndReadsBackAModelByIdAndSlug() {
    var created =
        as(DEV)
            .contentType(ContentType.JSON)
            .body(
                body(
                    "\"Sentiment Analyser (ES)\"",
                    "\"" + DEV + "\"",
                    ", \"summary\": \"Spanish sentiment\", \"modality\": \"text\", \"licenseSummary\": \"CC-BY\""))
            .when()
            .post("/v1/models")
            .then()
            .statusCode(201)
            .header("Location", containsString("/v1/models/"))
            .header("ETag", "\"0\"")
            .body("state", equalTo("draft"))
            .body("slug", equalTo("sentiment-analyser-es"))
            .body("developer", equalTo(DEV.toLowerCase()))
            .body("owner", equalTo(DEV.toLowerCase()))
            .extract();
    String id = created.path("id");
    String expectedCatalogId = "0x" + "0".repeat(32) + id.replace("-", "");
    given()
        .when()
        .get("/v1/models/" + id)
        .then()
        .statusCode(200)
        .header("ETag", "\"0\"")
        .body("id", equalTo(id))
        .body("catalogId", equalTo(expectedCatalogId))
        .body("name", equalTo("Sentiment Analyser (ES)"))
        .body("summary", equalTo("Spanish sentiment"))
        .body("modality", equalTo("text"))
        .body("licenseSummary", equalTo("CC-BY"))
        .body("tags", hasItem("nlp"))
        .body("features[0].id", equalTo("classify"))
        .body("artifactDigest", equalTo(DIGEST))
        .body("digestMismatch", equalTo(false))
        .body("createdAt", notNullValue());
    given()
        .when()
        .get("/v1/models/sentiment-analyser-es")
        .then()
        .statusCode(200)
        .body("id", equalTo(id));
    given().header("If-None-Match", "\"0\"").when().get("/v1/models/" + id).then().statusCode(304);
    // issue 26, finding 14: a parameter the search does not take, or past its bound, is a 400
    given()
        .get("/v1/models?size=-1")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("size"));
    given().get("/v1/models?limit=-1").then().statusCode(400);
    given().get("/v1/models?limit=101").then().statusCode(400);
    // issue 26, finding 5: the endpoint is its developer's and owner's to see, nobody else's
    given().get("/v1/models/" + id).then().body("$", not(hasKey("endpointUrl")));
    as(OTHER).get("/v1/models/" + id).then().body("$", not(hasKey("endpointUrl")));
    as(DEV)
        .get("/v1/models/" + id)
        .then()
        .body("endpointUrl", equalTo("https://models.example.com/s"));
    given()
        .get("/v1/models?q=sentiment")
        .then()
        .statusCode(200)
        .body("items.find { it.id == '" + id + "' }", not(hasKey("endpointUrl")));
    // the developer defaults to the caller; a second model with the same name gets its own slug
    String again = create("{\"name\": \"Sentiment Analyser (ES)\"}");
    given()
        .get("/v1/models/" + again)
        .then()
        .body("developer", equalTo(DEV.toLowerCase()))
        .body("slug", equalTo("sentiment-analyser-es-" + again.substring(0, 8)));
  }

  @Test
  void writesNeedAValidTokenOfTheDeveloper() throws Exception {
    long before = count("model") + count("outbox");
    String json = body("\"Guarded\"", "\"" + DEV + "\"", "");
    given()
        .contentType(ContentType.JSON)
        .body(json)
        .when()
        .post("/v1/models")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", "Bearer")
        .body("status", equalTo(401));
    given()
        .auth()
        .oauth2("not.a.jwt")
        .contentType(ContentType.JSON)
        .body(json)
        .post("/v1/models")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(Auth.signer().token(DEV, Duration.ofMinutes(-5)))
        .contentType(ContentType.JSON)
        .body(json)
        .post("/v1/models")
        .then()
        .statusCode(401);
    given()
        .auth()
        .oauth2(Auth.signer().token(DEV, Duration.ofHours(1), "someone-else"))
        .contentType(ContentType.JSON)
        .body(json)
        .post("/v1/models")
        .then()
        .statusCode(401);
    // no audience, another audience, another RSA algorithm than the pinned RS256, a lifetime
    // above the one-hour cap: all refused
    var signer = Auth.signer();
    for (String token :
        List.of(
            signer.token(DEV, Duration.ofMinutes(10), "soa", null, List.of(), "RS256"),
            signer.token(DEV, Duration.ofMinutes(10), "soa", "another-suite", List.of(), "RS256"),
            signer.token(DEV, Duration.ofMinutes(10), "soa", "soa", List.of(), "RS512"),
            signer.token(DEV, Duration.ofHours(2), "soa", "soa", List.of(), "RS256"))) {
      given()
          .auth()
          .oauth2(token)
          .contentType(ContentType.JSON)
          .body(json)
          .post("/v1/models")
          .then()
          .statusCode(401)
          .contentType("application/problem+json");
    }
    // signed by a key that is not the platform's
    given()
        .auth()
        .oauth2(io.soa.devstack.auth.DevTokens.generate().token(DEV))
        .contentType(ContentType.JSON)
        .body(json)
        .post("/v1/models")
        .then()
        .statusCode(401);
    // a valid token of someone else may not register in the developer's name
    as(OTHER)
        .contentType(ContentType.JSON)
        .body(json)
        .post("/v1/models")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(Auth.token("alice"))
        .contentType(ContentType.JSON)
        .body(json)
        .post("/v1/models")
        .then()
        .statusCode(403);
    assertThat(count("model") + count("outbox")).isEqualTo(before);
  }

  @Test
  void mergePatchChangesOnlyWhatItNamesUnderIfMatch() throws Exception {
    String id = create(body("\"Patchable\"", "\"" + DEV + "\"", ", \"modality\": \"text\""));
    as(DEV)
        .contentType("application/merge-patch+json")
        .header("If-Match", "\"0\"")
        .body(
            "{\"summary\": \"Now with a summary\", \"modality\": null, \"tags\": [\"NLP\", \"fast\"]}")
        .when()
        .patch("/v1/models/" + id)
        .then()
        .statusCode(200)
        .header("ETag", "\"1\"")
        .body("summary", equalTo("Now with a summary"))
        .body("modality", nullValue())
        .body("tags", equalTo(List.of("nlp", "fast")))
        .body("name", equalTo("Patchable"))
        .body("features[0].id", equalTo("classify"));
    assertThat(
            count(
                "SELECT count(*) FROM outbox WHERE subject = '"
                    + id
                    + "' AND event_type = 'soa.catalog.ModelUpdated.v1' AND payload LIKE '%\"changed\":[\"summary\",\"modality\",\"tags\"]%'"))
        .isEqualTo(1);

    // a stale ETag, no ETag, someone else: refused, and nothing changes
    long before = count("outbox");
    as(DEV)
        .contentType("application/merge-patch+json")
        .header("If-Match", "\"0\"")
        .body("{\"summary\": \"lost update\"}")
        .patch("/v1/models/" + id)
        .then()
        .statusCode(412)
        .contentType("application/problem+json");
    as(DEV)
        .contentType("application/merge-patch+json")
        .body("{\"summary\": \"x\"}")
        .patch("/v1/models/" + id)
        .then()
        .statusCode(428)
        .contentType("application/problem+json");
    as(OTHER)
        .contentType("application/merge-patch+json")
        .header("If-Match", "\"1\"")
        .body("{\"summary\": \"x\"}")
        .patch("/v1/models/" + id)
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    given()
        .contentType("application/merge-patch+json")
        .header("If-Match", "\"1\"")
        .body("{\"summary\": \"x\"}")
        .patch("/v1/models/" + id)
        .then()
        .statusCode(401);
    patchError(id, "{\"endpointUrl\": \"ftp://x\"}", "endpointUrl");
    patchError(id, "{\"name\": null}", "name");
    patchError(id, "{\"slug\": \"Bad Slug\"}", "slug");
    patchError(id, "{\"developer\": \"" + OTHER + "\"}", "developer");
    patchError(id, "{\"colour\": 1}", "colour");
    patchError(id, "{\"summary\": \"" + "s".repeat(281) + "\"}", "summary");
    patchError(
        id,
        "{\"features\": [{\"id\": \"a\", \"inputContentTypes\": [\"not a type\"]}]}",
        "features[0].inputContentTypes[0]");
    as(DEV)
        .contentType("application/merge-patch+json")
        .header("If-Match", "\"1\"")
        .body("[1, 2]")
        .patch("/v1/models/" + id)
        .then()
        .statusCode(400);
    as(DEV)
        .contentType("application/merge-patch+json")
        .header("If-Match", "\"1\"")
        .body("{\"summary\": ")
        .patch("/v1/models/" + id)
        .then()
        .statusCode(400)
        .body("title", equalTo("Malformed JSON"));
    given()
        .get("/v1/models/" + id)
        .then()
        .header("ETag", "\"1\"")
        .body("summary", equalTo("Now with a summary"));
    assertThat(count("outbox")).isEqualTo(before);

    // slugs are unique
    String other = create("{\"name\": \"Other\", \"slug\": \"taken-slug\"}");
    as(DEV)
        .contentType("application/merge-patch+json")
        .header("If-Match", "\"1\"")
        .body("{\"slug\": \"taken-slug\"}")
        .patch("/v1/models/" + id)
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("slug"));
    as(DEV)
        .contentType(ContentType.JSON)
        .body("{\"name\": \"Dup\", \"slug\": \"taken-slug\"}")
        .post("/v1/models")
        .then()
        .statusCode(409);
    assertThat(other).isNotNull();
  }

  @Test
  void delistRelistAndDeprecateMoveTheLifecycleAndEmitEvents() throws Exception {
    String id = create("{\"name\": \"Lifecycle\"}");
    as(OTHER).post("/v1/models/" + id + "/delist").then().statusCode(403);
    as(DEV).header("If-Match", "\"7\"").post("/v1/models/" + id + "/delist").then().statusCode(412);
    as(DEV)
        .post("/v1/models/" + id + "/delist")
        .then()
        .statusCode(200)
        .body("state", equalTo("delisted"))
        .header("ETag", "\"1\"");
    as(DEV).post("/v1/models/" + id + "/delist").then().statusCode(200).header("ETag", "\"1\"");
    given().get("/v1/models/" + id).then().statusCode(200).body("state", equalTo("delisted"));
    as(DEV)
        .post("/v1/models/" + id + "/relist")
        .then()
        .statusCode(200)
        .body("state", equalTo("draft"));
    as(DEV)
        .post("/v1/models/" + id + "/deprecate")
        .then()
        .statusCode(200)
        .body("state", equalTo("deprecated"));
    as(DEV)
        .post("/v1/models/" + id + "/undeprecate")
        .then()
        .statusCode(200)
        .body("state", equalTo("draft"));
    for (String type : List.of("ModelDelisted", "ModelRelisted")) {
      assertThat(
              count(
                  "SELECT count(*) FROM outbox WHERE subject = '"
                      + id
                      + "' AND event_type = 'soa.catalog."
                      + type
                      + ".v1'"))
          .as(type)
          .isEqualTo(1);
    }
    assertThat(
            count(
                "SELECT count(*) FROM outbox WHERE subject = '"
                    + id
                    + "' AND event_type = 'soa.catalog.ModelUpdated.v1'"))
        .isEqualTo(2);
    as(DEV)
        .post("/v1/models/6f1c2b0e-1d2a-4c55-9a57-1b2c3d4e5f60/delist")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void versionsAreImmutableAndOnlyGoUp() throws Exception {
    String id = create("{\"name\": \"Versioned\"}");
    String sha = "ab".repeat(32);
    version(id, "1.0.0", sha)
        .then()
        .statusCode(201)
        .header("Location", containsString("/versions/1.0.0"))
        .body("sha256", equalTo("0x" + sha))
        .body("publishedBy", equalTo(DEV.toLowerCase()));
    version(id, "1.1.0-beta.2", sha).then().statusCode(201);
    version(id, "1.1.0-beta.10", sha).then().statusCode(201); // numeric pre-release order
    version(id, "1.1.0", sha).then().statusCode(201);
    given()
        .get("/v1/models/" + id)
        .then()
        .body("latestVersion.version", equalTo("1.1.0"))
        .body("latestVersion.sha256", equalTo("0x" + sha));
    long before = count("model_version") + count("outbox");
    version(id, "1.1.0", sha).then().statusCode(409).contentType("application/problem+json");
    version(id, "1.0.5", sha).then().statusCode(409).body("errors.field", hasItem("version"));
    version(id, "1.1.0-rc.1", sha).then().statusCode(409);
    versionError(
        id,
        "{\"version\": \"v1\", \"artifactUri\": \"https://x/a\", \"sha256\": \""
            + sha
            + "\", \"sizeBytes\": 1}",
        "version");
    versionError(
        id,
        "{\"version\": \"2.0.0\", \"artifactUri\": \"https://x/a\", \"sha256\": \"abc\", \"sizeBytes\": 1}",
        "sha256");
    versionError(
        id,
        "{\"version\": \"2.0.0\", \"artifactUri\": \"file:///etc/passwd\", \"sha256\": \""
            + sha
            + "\", \"sizeBytes\": 1}",
        "artifactUri");
    versionError(
        id,
        "{\"version\": \"2.0.0\", \"artifactUri\": \"https://x/a\", \"sha256\": \""
            + sha
            + "\", \"sizeBytes\": -1}",
        "sizeBytes");
    as(OTHER)
        .contentType(ContentType.JSON)
        .body(
            "{\"version\": \"2.0.0\", \"artifactUri\": \"https://x/a\", \"sha256\": \""
                + sha
                + "\", \"sizeBytes\": 1}")
        .post("/v1/models/" + id + "/versions")
        .then()
        .statusCode(403);
    assertThat(count("model_version") + count("outbox")).isEqualTo(before);
    given()
        .get("/v1/models/" + id + "/versions")
        .then()
        .statusCode(200)
        .body("version", equalTo(List.of("1.1.0", "1.1.0-beta.10", "1.1.0-beta.2", "1.0.0")));
    given()
        .get("/v1/models/" + id + "/versions/1.0.0")
        .then()
        .statusCode(200)
        .body("version", equalTo("1.0.0"));
    given().get("/v1/models/" + id + "/versions/9.9.9").then().statusCode(404);
    assertThat(
            count(
                "SELECT count(*) FROM outbox WHERE subject = '"
                    + id
                    + "' AND event_type = 'soa.catalog.ModelVersionPublished.v1'"))
        .isEqualTo(4);
  }

  @Test
  void tokenMetadataIsErc721Json() {
    String id =
        create(
            body(
                "\"Meta\"", "\"" + DEV + "\"", ", \"summary\": \"Short\", \"modality\": \"text\""));
    given()
        .get("/v1/models/" + id + "/token-metadata")
        .then()
        .statusCode(200)
        .body("name", equalTo("Meta"))
        .body("description", equalTo("Short"))
        .body("external_url", equalTo("http://localhost:8081/v1/models/" + id))
        .body("attributes.find { it.trait_type == 'Task' }.value", equalTo("text-classification"))
        .body("attributes.find { it.trait_type == 'Features' }.value", equalTo(1))
        .body("attributes.find { it.trait_type == 'Features' }.display_type", equalTo("number"))
        .body("attributes.find { it.trait_type == 'State' }.value", equalTo("draft"));
    given()
        .get("/v1/models/6f1c2b0e-1d2a-4c55-9a57-1b2c3d4e5f60/token-metadata")
        .then()
        .statusCode(404);
  }

  @Test
  void openApiDescribesTheApiWithExamplesAndTheBearerScheme() {
    var api =
        given()
            .accept("application/json")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(api.getMap("paths"))
        .containsKeys(
            "/v1/models",
            "/v1/models/{id}",
            "/v1/models/{id}/versions",
            "/v1/models/{id}/token-metadata",
            "/v1/models/{id}/delist");
    assertThat(api.getString("components.securitySchemes.bearer.scheme")).isEqualTo("bearer");
    assertThat(api.getMap("paths.'/v1/models/{id}'.patch.requestBody.content"))
        .containsKey("application/merge-patch+json");
    assertThat(api.getString("components.schemas.ModelRequest.properties.name.examples[0]"))
        .isEqualTo("Sentiment classifier");
    assertThat(api.getString("components.schemas.VersionRequest.properties.version.examples[0]"))
        .isEqualTo("1.2.0");
    // the platform's shared parameter forms are named components the parameters refer to
    assertThat(api.getString("components.schemas.Address.pattern"))
        .isEqualTo("^0x[0-9a-fA-F]{40}$");
    assertThat(api.getString("components.schemas.Uint256.pattern"))
        .isEqualTo("^(0|[1-9][0-9]{0,77})$");
    assertThat(
            api.getList(
                "paths.'/v1/models'.get.parameters.findAll { it.name == 'owner' }.schema.'$ref'"))
        .containsExactly("#/components/schemas/Address");
  }

  @jakarta.inject.Inject io.soa.catalog.service.DocumentBackfill backfill;

  @Test
  void modelsWithoutAStoredDocumentGetOneBuilt() throws Throwable {
    String id = create("{\"name\": \"Before V2\", \"summary\": \"old row\"}");
    String before = given().get("/v1/models/" + id).then().extract().asString();
    TestDb.execute("catalog_rest_test", "UPDATE model SET document = NULL WHERE id = '" + id + "'");
    assertThat(io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(backfill::backfillBatch))
        .isEqualTo(1);
    assertThat(given().get("/v1/models/" + id).then().statusCode(200).extract().asString())
        .isEqualTo(before);
  }

  @Test
  void unknownModelIs404Problem() {
    given()
        .when()
        .get("/v1/models/6f1c2b0e-1d2a-4c55-9a57-1b2c3d4e5f60")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404))
        .body("title", equalTo("model not found"));
    given()
        .when()
        .get("/v1/models/no-such-slug")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void badInputIs400NamingTheFieldAndWritesNothing() throws Exception {
    long before = count("model") + count("outbox");
    expectFieldError(body("null", "\"" + DEV + "\"", ""), "name");
    expectFieldError(body("\"\"", "\"" + DEV + "\"", ""), "name");
    expectFieldError(body("\"ok\"", "\"0x1234\"", ""), "developer");
    expectFieldError(body("\"ok\"", "\"" + DEV + "\"", ", \"tags\": 5"), "tags");
    expectFieldError(body("\"ok\"", "\"" + DEV + "\"", ", \"colour\": {\"r\": 1}"), "colour");
    expectFieldError(body("\"ok\"", "\"" + DEV + "\"", ", \"slug\": \"-bad-\""), "slug");
    expectFieldError(
        body("\"ok\"", "\"" + DEV + "\"", ", \"summary\": \"" + "s".repeat(300) + "\""), "summary");
    expectFieldError(
        body("\"ok\"", "\"" + DEV + "\"", "").replace("\"classify\"", "\"Bad Id!\""),
        "features[0].id");
    expectFieldError(
        body("\"ok\"", "\"" + DEV + "\"", "").replace(DIGEST, "0xabc"), "artifactDigest");
    expectFieldError(
        body("\"ok\"", "\"" + DEV + "\"", "").replace("https://models.example.com/s", "ftp://x"),
        "endpointUrl");
    String big = "x".repeat(1024 * 1024);
    expectFieldError(
        body("\"ok\"", "\"" + DEV + "\"", "").replace("Classifies text", big), "description");
    expectFieldError(
        body("\"ok\"", "\"" + DEV + "\"", "")
            .replace(
                "[{\"id\": \"classify\", \"description\": \"one label\"}]",
                "[{\"id\": \"a\"}, {\"id\": \"a\"}]"),
        "features[1].id");
    as(DEV)
        .contentType(ContentType.JSON)
        .body("{\"name\": ")
        .when()
        .post("/v1/models")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("title", equalTo("Malformed JSON"));
    as(DEV)
        .contentType(ContentType.JSON)
        .when()
        .post("/v1/models")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    assertThat(count("model") + count("outbox")).isEqualTo(before);
  }

  @Test
  void endpointsMustBePublicHttps() throws Exception {
    long before = count("model") + count("outbox");
    for (String url :
        List.of(
            "http://models.example.com/s",
            "https://localhost/s",
            "https://127.0.0.1/s",
            "https://10.0.0.8/s",
            "https://169.254.169.254/latest",
            "https://[::1]/s",
            "https://payment-service/s",
            "https://kafka.soa.svc.cluster.local/s",
            "https://2130706433/s",
            "https://u:p@models.example.com/s")) {
      expectFieldError(
          body("\"ok\"", "\"" + DEV + "\"", "").replace("https://models.example.com/s", url),
          "endpointUrl");
    }
    String id = create(body("\"Endpoint patch\"", "\"" + DEV + "\"", ""));
    as(DEV)
        .contentType("application/merge-patch+json")
        .header("If-Match", "\"0\"")
        .body("{\"endpointUrl\": \"https://192.168.0.1/x\"}")
        .patch("/v1/models/" + id)
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("endpointUrl"));
    assertThat(count("model") + count("outbox")).isEqualTo(before + 2); // only the one created
  }

  @Test
  void inputsThatOnceGave500AreProblemDetailsNamingTheParameter() throws Exception {
    String id = create(body("\"Five hundred\"", "\"" + DEV + "\"", ""));
    long before = count("model") + count("outbox");
    // PATCH with a wrong JSON type, an unknown nested field, a NUL byte
    for (String[] c :
        new String[][] {
          {"{\"tags\": {\"a\": 1}}", "tags"},
          {"{\"features\": \"x\"}", "features"},
          {"{\"features\": [{\"id\": \"a\", \"colour\": 1}]}", "features[0].colour"},
          {"{\"name\": 5}", "name"},
          {"{\"name\": [\"x\"]}", "name"},
          {"{\"summary\": \"a\\u0000b\"}", "summary"}
        }) {
      as(DEV)
          .contentType("application/merge-patch+json")
          .header("If-Match", "\"0\"")
          .body(c[0])
          .patch("/v1/models/" + id)
          .then()
          .log()
          .ifValidationFails()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("errors.field", hasItem(c[1]));
    }
    // a NUL byte or a control character in a field of a new model
    expectFieldError(body("\"a\\u0000b\"", "\"" + DEV + "\"", ""), "name");
    expectFieldError(body("\"ok\"", "\"" + DEV + "\"", ", \"tags\": [\"a\\u0007b\"]"), "tags[0]");
    expectFieldError(
        body("\"ok\"", "\"" + DEV + "\"", "").replace("Classifies text", "a\\u0000b"),
        "description");
    // query parameters: a tampered cursor, a tag with a control character, NUL bytes
    for (String[] q :
        new String[][] {
          {"cursor=" + "AAAA-not-a-cursor", "cursor"},
          {"cursor=eyJ4Ijo1fQ", "cursor"},
          {
            "cursor="
                + java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                        "NEWEST\nnot-a-time\n00000000-0000-0000-0000-000000000000".getBytes()),
            "cursor"
          },
          {
            "sort=price&cursor="
                + java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                        "PRICE\n1e99999x\n00000000-0000-0000-0000-000000000000".getBytes()),
            "cursor"
          },
          {"tag=a%07b", "tag"},
          {"tag=a%00b", "tag"},
          {"q=a%00b", "q"},
          {"task=a%00", "task"}
        }) {
      given()
          .urlEncodingEnabled(false)
          .get("/v1/models?" + q[0])
          .then()
          .log()
          .ifValidationFails()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("errors.field", hasItem(q[1]));
    }
    assertThat(count("model") + count("outbox")).isEqualTo(before);
  }

  static io.restassured.response.Response version(String id, String version, String sha) {
    return as(DEV)
        .contentType(ContentType.JSON)
        .body(
            """
        {"version": "%s", "artifactUri": "https://models.example.com/a/%s.bin", "sha256": "%s",
         "sizeBytes": 1024, "releaseNotes": "notes"}"""
                .formatted(version, version, sha))
        .when()
        .post("/v1/models/" + id + "/versions");
  }

  static void versionError(String id, String json, String field) {
    as(DEV)
        .contentType(ContentType.JSON)
        .body(json)
        .post("/v1/models/" + id + "/versions")
        .then()
        .log()
        .ifValidationFails()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem(field));
  }

  static void patchError(String id, String json, String field) {
    as(DEV)
        .contentType("application/merge-patch+json")
        .header("If-Match", "\"1\"")
        .body(json)
        .patch("/v1/models/" + id)
        .then()
        .log()
        .ifValidationFails()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem(field));
  }

  static void expectFieldError(String json, String field) {
    as(DEV)
        .contentType(ContentType.JSON)
        .body(json)
        .when()
        .post("/v1/models")
        .then()
        .log()
        .ifValidationFails()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("errors.field", hasItem(field));
  }

  static long count(String tableOrSql) throws Exception {
    String sql =
        tableOrSql.startsWith("SELECT") ? tableOrSql : "SELECT count(*) FROM " + tableOrSql;
    return TestDb.count("catalog_rest_test", sql);
  }
}
