package io.soa.model;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each feature of the real OpenNLP models on fixed inputs, and bad input refused. */
@QuarkusTest
class FeatureTest {
  static JsonPath call(String feature, String text) {
    return given()
        .contentType(ContentType.JSON)
        .body(java.util.Map.of("text", text))
        .post("/m/" + feature)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void detectsTheLanguage() {
    assertThat(
            call("detect-language", "The quick brown fox jumps over the lazy dog again and again.")
                .getString("language"))
        .isEqualTo("eng");
    assertThat(
            call("detect-language", "Le chat est assis sur le tapis et il regarde la fenêtre.")
                .getString("language"))
        .isEqualTo("fra");
    JsonPath de = call("detect-language", "Der Hund schläft im Garten, weil die Sonne scheint.");
    assertThat(de.getString("language")).isEqualTo("deu");
    assertThat(de.getDouble("confidence")).isBetween(0.0, 1.0);
    assertThat(de.getList("alternatives")).hasSize(2);
  }

  @Test
  void splitsSentencesAndTokens() {
    assertThat(
            call("sentences", "It rained. Then the sun came out! Did you see it?")
                .getList("sentences", String.class))
        .containsExactly("It rained.", "Then the sun came out!", "Did you see it?");
    assertThat(call("tokens", "Don't stop, Mr. Smith.").getList("tokens", String.class))
        .containsExactly("Don't", "stop", ",", "Mr.", "Smith", ".");
  }

  @Test
  void tagsAndLemmatizesEnglish() {
    JsonPath tags = call("pos-tags", "The cats were sitting on the mats.");
    assertThat(tags.getList("tokens", String.class))
        .containsExactly("The", "cats", "were", "sitting", "on", "the", "mats", ".");
    List<String> t = tags.getList("tags", String.class);
    assertThat(t).containsExactly("DET", "NOUN", "AUX", "VERB", "ADP", "DET", "NOUN", "PUNCT");
    JsonPath lemmas = call("lemmas", "The cats were sitting on the mats.");
    assertThat(lemmas.getList("lemmas", String.class))
        .containsExactly("the", "cat", "be", "sit", "on", "the", "mat", ".");
  }

  @Test
  void badInputIsAProblemNeverA5xx() {
    for (String body : List.of("{}", "{\"text\": \"   \"}", "not json", "{\"text\": 3}", "[]")) {
      var r = given().contentType(ContentType.JSON).body(body).post("/m/tokens");
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(r.contentType()).as(body).startsWith("application/problem+json");
    }
    var tooLong =
        given()
            .contentType(ContentType.JSON)
            .body(java.util.Map.of("text", "a".repeat(10_001)))
            .post("/m/pos-tags");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    var tooBig =
        given()
            .contentType(ContentType.JSON)
            .body("{\"text\": \"" + "a ".repeat(40_000) + "\"}")
            .post("/m/tokens");
    assertThat(tooBig.statusCode()).isEqualTo(413);
    assertThat(given().post("/m/no-such-feature").statusCode()).isIn(404, 405, 415);
    given().get("/q/health/ready").then().statusCode(200);
    assertThat(
            given()
                .get(
                    org.eclipse.microprofile.config.ConfigProvider.getConfig()
                            .getValue("test.management.url", String.class)
                            .replaceAll("/q/?$", "")
                        + "/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString())
        .contains("http_server_requests_seconds_count");
  }
}
