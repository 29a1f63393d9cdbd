package io.soa.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.soa.catalog.Auth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Search over a real database: ranking, filters, stable cursor pages, bad parameters. */
@QuarkusTest
@WithTestResource(value = io.soa.devstack.testing.SoaTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "catalog_search_test"))
class SearchTest {
  static final String DEV = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
  static final String DEV2 = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
  static boolean seeded;
  static String whisper;
  static String audio;
  static String delisted;

  static String create(String developer, String json) {
    return given().auth().oauth2(Auth.token(developer)).contentType(ContentType.JSON).body(json)
        .post("/v1/models").then().statusCode(201).extract().path("id");
  }

  @BeforeEach
  void seed() {
    if (seeded) {
      return;
    }
    whisper = create(DEV, """
        {"name": "Whisper speech recognizer", "summary": "Transcribes audio",
         "task": "speech-recognition", "framework": "pytorch", "modality": "audio", "tags": ["asr", "audio"]}""");
    audio = create(DEV2, """
        {"name": "Audio toolkit", "description": "Noise removal; also cleans speech before transcription.",
         "task": "audio-cleanup", "framework": "onnx", "modality": "audio", "tags": ["audio"]}""");
    create(DEV, """
        {"name": "Image classifier", "summary": "Labels photos", "task": "image-classification",
         "framework": "pytorch", "modality": "image", "tags": ["vision"]}""");
    delisted = create(DEV, """
        {"name": "Retired speech model", "task": "speech-recognition", "tags": ["asr"]}""");
    given().auth().oauth2(Auth.token(DEV)).post("/v1/models/" + delisted + "/delist")
        .then().statusCode(200);
    for (int i = 0; i < 12; i++) {
      create(DEV2, "{\"name\": \"Paged model " + (char) ('a' + (i * 7) % 12) + "\", \"tags\": [\"page\"]}");
    }
    seeded = true;
  }

  static JsonPath search(String query) {
    return given().get("/v1/models?" + query).then().statusCode(200).extract().jsonPath();
  }

  static List<String> ids(String query) {
    return search(query).getList("items.id");
  }

  @Test
  void fullTextFindsAndRanksNameMatchesFirst() {
    assertThat(ids("q=speech")).containsExactly(whisper, audio); // delisted one excluded
    assertThat(ids("q=transcribing")).containsExactly(whisper); // stemmed: transcribes
    assertThat(ids("q=speech -noise")).containsExactly(whisper);
    assertThat(ids("q=\"speech recognizer\"")).containsExactly(whisper);
    assertThat(ids("q=nothing-like-this")).isEmpty();
    assertThat(ids("q=speech&state=delisted")).containsExactly(delisted);
  }

  @Test
  void filtersCombine() {
    assertThat(ids("task=speech-recognition")).containsExactly(whisper);
    assertThat(ids("modality=audio&sort=oldest")).containsExactly(whisper, audio);
    assertThat(ids("framework=pytorch&modality=audio")).containsExactly(whisper);
    assertThat(ids("tag=ASR")).containsExactly(whisper);
    assertThat(ids("tag=audio&owner=" + DEV2)).containsExactly(audio);
    assertThat(ids("state=delisted")).containsExactly(delisted);
    assertThat(ids("state=draft&tag=asr")).containsExactly(whisper);
    assertThat(ids("payPerUse=true")).isEmpty(); // prices come from the chain (ChainMirrorTest)
    assertThat(search("limit=100").getList("items.state")).doesNotContain("delisted");
  }

  @Test
  void cursorPagesAreStableWhileModelsAreAdded() {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonPath page = search("tag=page&limit=5" + (cursor == null ? "" : "&cursor=" + cursor));
      seen.addAll(page.getList("items.id"));
      cursor = page.getString("nextCursor");
      if (pages++ == 0) {
        // a model added after the first page is newer than the cursor: no repeat, no skip
        create(DEV2, "{\"name\": \"Paged late\", \"tags\": [\"page\"]}");
      }
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(12).doesNotHaveDuplicates();

    List<String> names = new ArrayList<>();
    cursor = null;
    do {
      JsonPath page = search("tag=page&sort=name&limit=4" + (cursor == null ? "" : "&cursor=" + cursor));
      names.addAll(page.getList("items.name"));
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    assertThat(names).hasSize(13).isSorted().doesNotHaveDuplicates();

    List<String> ranked = new ArrayList<>();
    cursor = null;
    do {
      JsonPath page = search("q=paged&limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
      ranked.addAll(page.getList("items.id"));
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    assertThat(new LinkedHashSet<>(ranked)).hasSize(13);
    assertThat(ranked).hasSize(13);
  }

  @Test
  void badParametersAre400ProblemsNamingThem() {
    String cursor = search("tag=page&limit=1").getString("nextCursor");
    for (String[] bad : List.of(
        new String[] {"limit=0", "limit"}, new String[] {"limit=abc", "limit"},
        new String[] {"limit=101", "limit"}, new String[] {"sort=bogus", "sort"},
        new String[] {"state=bogus", "state"}, new String[] {"owner=0x12", "owner"},
        new String[] {"minPrice=-1", "minPrice"}, new String[] {"maxPrice=1.5", "maxPrice"},
        new String[] {"payPerUse=maybe", "payPerUse"}, new String[] {"cursor=garbage", "cursor"},
        new String[] {"sort=name&cursor=" + cursor, "cursor"}, new String[] {"sort=relevance", "sort"},
        new String[] {"q=" + "x".repeat(201), "q"})) {
      given().get("/v1/models?" + bad[0]).then().log().ifValidationFails().statusCode(400)
          .contentType("application/problem+json").body("status", equalTo(400))
          .body("errors.field", hasItem(bad[1]));
    }
  }
}
