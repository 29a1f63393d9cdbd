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
import io.soa.testing.TestDb;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Search over a real database: ranking, filters, stable cursor pages, bad parameters. */
@QuarkusTest
@WithTestResource(
    value = io.soa.testing.SoaTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "catalog_search_test"))
class SearchTest {
  static final String DEV = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
  static final String DEV2 = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
  static final String DB = "catalog_search_test";
  static boolean seeded;
  static String whisper;
  static String audio;
  static String delisted;

  static String create(String developer, String json) {
    return given()
        .auth()
        .oauth2(Auth.token(developer))
        .contentType(ContentType.JSON)
        .body(json)
        .post("/v1/models")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  @BeforeEach
  void seed() {
    if (seeded) {
      return;
    }
    whisper =
        create(
            DEV,
            """
        {"name": "Whisper speech recognizer", "summary": "Transcribes audio",
         "task": "speech-recognition", "framework": "pytorch", "modality": "audio", "tags": ["asr", "audio"]}""");
    audio =
        create(
            DEV2,
            """
        {"name": "Audio toolkit", "description": "Noise removal; also cleans speech before transcription.",
         "task": "audio-cleanup", "framework": "onnx", "modality": "audio", "tags": ["audio"]}""");
    create(
        DEV,
        """
        {"name": "Image classifier", "summary": "Labels photos", "task": "image-classification",
         "framework": "pytorch", "modality": "image", "tags": ["vision"]}""");
    delisted =
        create(
            DEV,
            """
        {"name": "Retired speech model", "task": "speech-recognition", "tags": ["asr"]}""");
    given()
        .auth()
        .oauth2(Auth.token(DEV))
        .post("/v1/models/" + delisted + "/delist")
        .then()
        .statusCode(200);
    for (int i = 0; i < 12; i++) {
      create(
          DEV2,
          "{\"name\": \"Paged model " + (char) ('a' + (i * 7) % 12) + "\", \"tags\": [\"page\"]}");
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
      JsonPath page =
          search("tag=page&sort=name&limit=4" + (cursor == null ? "" : "&cursor=" + cursor));
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

  /** Every page of {@code query}, following the cursor, with {@code limit} per page. */
  static List<String> allPages(String query, int limit) {
    List<String> out = new ArrayList<>();
    String cursor = null;
    do {
      JsonPath page =
          search(query + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
      out.addAll(page.getList("items.id"));
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    return out;
  }

  /** The order PostgreSQL gives by ranking every match of {@code word} at query time. */
  static List<String> rankedInDatabase(String word) throws Exception {
    return TestDb.column(
        DB,
        "SELECT id::text FROM model, websearch_to_tsquery('english', '"
            + word
            + "') q WHERE search @@ q AND state <> 'DELISTED' ORDER BY ts_rank(search, q) DESC, id DESC");
  }

  static long headTermRows(String term) throws Exception {
    return TestDb.count(
        DB, "SELECT count(*) FROM model_search_term WHERE term = '''" + term + "'''");
  }

  @Test
  void oneWordSearchReadsHeadTermsAndStillRanksExactly() throws Exception {
    // the word in the name (A), summary (B), a tag (B), the task (C), and in descriptions only
    // (D, once and three times); a delisted one; then pages of 1, 2 and 7 cross the tiers
    String inName = create(DEV, "{\"name\": \"Zebrafish counter\"}");
    String inSummary =
        create(DEV, "{\"name\": \"Fin tracker\", \"summary\": \"Tracks zebrafish fins\"}");
    String inTag = create(DEV, "{\"name\": \"Tank monitor\", \"tags\": [\"zebrafish\"]}");
    String inTask = create(DEV, "{\"name\": \"Larva model\", \"task\": \"zebrafish-staging\"}");
    String once =
        create(DEV2, "{\"name\": \"Lab notes\", \"description\": \"Trained on zebrafish.\"}");
    String thrice =
        create(
            DEV2,
            "{\"name\": \"Lab atlas\", \"description\": \"zebrafish, zebrafish embryos; zebrafish.\"}");
    String gone = create(DEV, "{\"name\": \"Zebrafish retired\"}");
    given()
        .auth()
        .oauth2(Auth.token(DEV))
        .post("/v1/models/" + gone + "/delist")
        .then()
        .statusCode(200);

    List<String> expected = rankedInDatabase("zebrafish");
    assertThat(expected)
        .hasSize(6)
        .startsWith(inName)
        .endsWith(once)
        .containsSubsequence(inName, inSummary, thrice, once)
        .contains(inTag, inTask);
    for (int limit : new int[] {1, 2, 7}) {
      assertThat(allPages("q=zebrafish", limit)).as("limit " + limit).isEqualTo(expected);
    }
    assertThat(ids("q=zebrafish&state=delisted")).containsExactly(gone);
    // name, summary, tag, task and the delisted name; not the descriptions
    assertThat(headTermRows("zebrafish")).isEqualTo(5);

    // an edit that moves the word from the name to the description moves the model down a tier
    String etag = given().get("/v1/models/" + inName).then().extract().header("ETag");
    given()
        .auth()
        .oauth2(Auth.token(DEV))
        .contentType("application/merge-patch+json")
        .header("If-Match", etag)
        .body("{\"name\": \"Fish counter\", \"description\": \"Counts zebrafish\"}")
        .patch("/v1/models/" + inName)
        .then()
        .statusCode(200);
    List<String> after = rankedInDatabase("zebrafish");
    assertThat(after.indexOf(inName)).isGreaterThan(after.indexOf(inTask));
    assertThat(allPages("q=zebrafish", 2)).isEqualTo(after);
    assertThat(headTermRows("zebrafish")).isEqualTo(4);
    assertThat(headTermRows("fish")).isEqualTo(1);
  }

  @Test
  void headTermsAreTheQueryTextOfEachTermWithItsOneWordRank() throws Exception {
    // quotes and backslashes (which the english parser never makes, but a vector may hold) are
    // escaped as tsquery prints them; D-only terms are left out; each rank is ts_rank's
    String vector = "$$'o''x':1A 'a\\\\b':2B plain:3C,9D only:4D$$::tsvector";
    assertThat(
            TestDb.column(
                DB,
                "SELECT term || ' ' || rank || ' ' || (ts_rank("
                    + vector
                    + ", term::tsquery) = rank) || ' ' || (term::tsquery::text = term) FROM model_head_terms("
                    + vector
                    + ") ORDER BY term"))
        .containsExactly(
            "'a\\\\b' 0.24317084 true true",
            "'o''x' 0.6079271 true true",
            "'plain' 0.1367836 true true");
    assertThat(TestDb.column(DB, "SELECT websearch_to_tsquery('english', 'plain')::text"))
        .containsExactly("'plain'");
  }

  @Test
  void badParametersAre400ProblemsNamingThem() {
    String cursor = search("tag=page&limit=1").getString("nextCursor");
    for (String[] bad :
        List.of(
            new String[] {"limit=0", "limit"},
            new String[] {"limit=abc", "limit"},
            new String[] {"limit=101", "limit"},
            new String[] {"sort=bogus", "sort"},
            new String[] {"state=bogus", "state"},
            new String[] {"owner=0x12", "owner"},
            new String[] {"minPrice=-1", "minPrice"},
            new String[] {"maxPrice=1.5", "maxPrice"},
            new String[] {"payPerUse=maybe", "payPerUse"},
            new String[] {"cursor=garbage", "cursor"},
            new String[] {"sort=name&cursor=" + cursor, "cursor"},
            new String[] {"sort=relevance", "sort"},
            new String[] {"q=" + "x".repeat(201), "q"})) {
      given()
          .get("/v1/models?" + bad[0])
          .then()
          .log()
          .ifValidationFails()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("status", equalTo(400))
          .body("errors.field", hasItem(bad[1]));
    }
  }
}
