package io.soa.catalog.listener;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.soa.events.EventCodec;
import io.soa.events.EventSchemas;
import io.soa.events.EventTypes;
import io.soa.events.Topics;
import io.soa.events.catalog.CatalogEventTypes;
import io.soa.events.chain.ModelMetadataUpdated;
import io.soa.events.chain.ModelTokenized;
import io.soa.events.chain.ModelTransferred;
import io.soa.events.chain.UsagePriceSet;
import io.soa.testing.SoaTestResource;
import io.soa.testing.TestDb;
import io.soa.testing.TopicReader;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The mirror of the model registry, fed through a real broker: each event applied exactly once,
 * each retraction undoing exactly its event, and a replay of the topic changing nothing.
 */
@QuarkusTest
@WithTestResource(
    value = SoaTestResource.class,
    initArgs = {
      @ResourceArg(name = "database", value = "catalog_listener_test"),
      @ResourceArg(
          name = "config.soa.chain.contracts.model-registry",
          value = ChainMirrorTest.REGISTRY)
    })
class ChainMirrorTest {
  static final String DEV = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
  static final String REGISTRY = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String kafka;

  static String register(String name) {
    return given()
        .auth()
        .oauth2(io.soa.catalog.Auth.token(DEV))
        .contentType(ContentType.JSON)
        .body(
            "{\"name\": \""
                + name
                + "\", \"developer\": \""
                + DEV
                + "\", "
                + "\"features\": [{\"id\": \"classify\"}, {\"id\": \"embed\"}], "
                + "\"artifactDigest\": \"0x"
                + "ab".repeat(32)
                + "\"}")
        .when()
        .post("/v1/models")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  static ModelTokenized chainEvent(String catalogId, String txHash, long modelId) {
    return new ModelTokenized(
        31337,
        12,
        "0x" + "b1".repeat(32),
        txHash,
        3,
        false,
        REGISTRY,
        Long.toString(modelId),
        catalogId,
        DEV,
        "http://x",
        "0x" + "00".repeat(32),
        "250");
  }

  void publish(ModelTokenized e) {
    publish(e.modelId(), e);
  }

  void publish(String key, io.soa.events.ChainEvent e) {
    TopicReader.send(
        kafka,
        Topics.CHAIN_MODELS,
        key,
        EventCodec.envelope(e.eventId(), "/chain-indexer", e, OffsetDateTime.now()));
  }

  /** Issue 26, finding 12: a registry event from any other contract is nobody's token. */
  @Test
  void aTokenizationFromAnotherContractIsIgnoredAndTheRegistrysIsTaken() throws Exception {
    String id = register("Forged registry");
    String catalogId = given().get("/v1/models/" + id).then().extract().path("catalogId");
    ModelTokenized real = chainEvent(catalogId, "0x" + id.replace("-", "") + "1".repeat(32), 44);
    ModelTokenized forged =
        new ModelTokenized(
            real.chainId(),
            real.blockNumber(),
            real.blockHash(),
            "0x" + id.replace("-", "") + "2".repeat(32),
            real.logIndex(),
            false,
            "0x" + "66".repeat(20),
            "43",
            catalogId,
            DEV,
            "http://forged",
            real.artifactDigest(),
            real.royaltyBps());
    publish("44", forged); // the same partition as the real one, before it
    publish(real);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "tokenized".equals(given().get("/v1/models/" + id).path("state")));
    JsonPath model = given().get("/v1/models/" + id).then().extract().jsonPath();
    assertThat(model.getString("token.contract")).isEqualTo(REGISTRY);
    assertThat(model.getString("token.tokenId")).isEqualTo("44");
    assertThat(model.getString("invoke")).isEqualTo("/v1/models/44/features/{feature}/invoke");
  }

  @Test
  void marksTheModelTokenizedOnceEvenWhenTheEventIsRedelivered() throws Exception {
    String id = register("Mirror me");
    String catalogId = given().get("/v1/models/" + id).then().extract().path("catalogId");
    String tx = "0x" + id.replace("-", "") + "0".repeat(32);
    ModelTokenized e = chainEvent(catalogId, tx, 42);
    publish(e);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(given().get("/v1/models/" + id).then().extract().<String>path("state"))
                    .isEqualTo("tokenized"));
    JsonPath model = given().get("/v1/models/" + id).then().statusCode(200).extract().jsonPath();
    assertThat(model.getLong("token.chainId")).isEqualTo(31337);
    assertThat(model.getString("token.contract")).isEqualTo(REGISTRY);
    assertThat(model.getString("token.tokenId")).isEqualTo("42");
    assertThat(model.getString("token.owner")).isEqualTo(DEV);
    assertThat(model.getString("token.txHash")).isEqualTo(tx);
    String updatedAt = model.getString("updatedAt");

    // Redeliver the same event, then a marker under the same key (same partition, so it is
    // consumed after the duplicate); once the marker is applied the duplicate was seen too.
    publish(e);
    String other = register("Marker");
    String otherCatalogId = given().get("/v1/models/" + other).then().extract().path("catalogId");
    ModelTokenized marker =
        new ModelTokenized(
            31337,
            13,
            "0x" + "b2".repeat(32),
            "0x" + other.replace("-", "") + "1".repeat(32),
            0,
            false,
            REGISTRY,
            "42",
            otherCatalogId,
            DEV,
            "http://x",
            "0x" + "00".repeat(32),
            "250");
    publish(marker);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        given().get("/v1/models/" + other).then().extract().<String>path("state"))
                    .isEqualTo("tokenized"));

    assertThat(given().get("/v1/models/" + id).then().extract().<String>path("updatedAt"))
        .isEqualTo(updatedAt);
    assertThat(
            count(
                "SELECT count(*) FROM outbox WHERE subject = '"
                    + id
                    + "' AND event_type = 'soa.catalog.ModelTokenized.v1'"))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM inbox WHERE event_id = '" + e.eventId() + "'"))
        .isEqualTo(1);

    // The catalog's own event reaches its topic through the outbox, valid against its schema.
    var out =
        TopicReader.readUntil(
            kafka,
            Topics.CATALOG_MODELS,
            rs ->
                rs.stream()
                    .anyMatch(
                        r ->
                            r.event().getType().equals(io.soa.events.catalog.ModelTokenized.TYPE)
                                && id.equals(r.event().getSubject())),
            Duration.ofSeconds(30));
    var tokenized =
        out.stream()
            .filter(
                r ->
                    r.event().getType().equals(io.soa.events.catalog.ModelTokenized.TYPE)
                        && id.equals(r.key()))
            .toList();
    assertThat(tokenized).hasSize(1);
    assertThat(
            EventSchemas.violations(
                CatalogEventTypes.MODEL_TOKENIZED, tokenized.get(0).event().getData().toBytes()))
        .isEmpty();
    var data = EventCodec.data(tokenized.get(0).event(), CatalogEventTypes.MODEL_TOKENIZED);
    assertThat(data.tokenId()).isEqualTo("42");
    assertThat(data.txHash()).isEqualTo(tx);
    var registered =
        out.stream()
            .filter(
                r ->
                    r.event().getType().equals(io.soa.events.catalog.ModelRegistered.TYPE)
                        && id.equals(r.key()))
            .toList();
    assertThat(registered).hasSize(1);
    assertThat(
            EventSchemas.violations(
                CatalogEventTypes.MODEL_REGISTERED, registered.get(0).event().getData().toBytes()))
        .isEmpty();
  }

  @Test
  void poisonRecordsGoToTheDeadLetterTopicAndTheNextRecordIsApplied() throws Exception {
    String id = register("After poison");
    String catalogId = given().get("/v1/models/" + id).then().extract().path("catalogId");
    String key = "poison-" + id; // one key: one partition, so the good record comes after both
    var garbage =
        new org.apache.kafka.clients.producer.ProducerRecord<String, byte[]>(
            Topics.CHAIN_MODELS,
            key,
            "\u0000not a cloud event {".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    garbage
        .headers()
        .add("traceparent", "00-abc-def-01".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    TopicReader.sendRaw(kafka, garbage);
    TopicReader.send(
        kafka,
        Topics.CHAIN_MODELS,
        key,
        EventCodec.envelope(
            "bad-" + id,
            ModelTokenized.TYPE,
            "/chain-indexer",
            "{\"modelId\": 5}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            OffsetDateTime.now(),
            key));
    publish(key, chainEvent(catalogId, "0x" + id.replace("-", "") + "9".repeat(32), 77));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(given().get("/v1/models/" + id).then().extract().<String>path("state"))
                    .isEqualTo("tokenized"));
    String dlq = io.soa.platform.messaging.Redelivery.deadLetterTopic("catalog-service");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                io.soa.testing.ChainAudit.readAll(kafka, List.of(dlq)).stream()
                        .filter(r -> key.equals(r.key()))
                        .count()
                    == 2);
    var dead =
        io.soa.testing.ChainAudit.readAll(kafka, List.of(dlq)).stream()
            .filter(r -> key.equals(r.key()))
            .toList();
    assertThat(dead.get(0).value()).isEqualTo(garbage.value());
    assertThat(dead.get(0).headers().lastHeader("traceparent"))
        .isNotNull(); // original headers kept
    assertThat(dead.get(0).headers().lastHeader("dead-letter-reason")).isNotNull();
    assertThat(new String(dead.get(1).headers().lastHeader("ce_id").value()))
        .isEqualTo("bad-" + id);
    assertThat(new String(dead.get(1).headers().lastHeader("dead-letter-reason").value()))
        .contains("schema");
  }

  @Test
  void aTokenMintedByAStrangerIsIgnoredAndTheDevelopersOwnIsTaken() throws Exception {
    String id = register("Front-run");
    String catalogId = given().get("/v1/models/" + id).then().extract().path("catalogId");
    String stranger = "0x" + "5e".repeat(20);
    // the stranger's mint lands first, on the same partition as the developer's
    ModelTokenized stolen =
        new ModelTokenized(
            31337,
            12,
            "0x" + "c1".repeat(32),
            "0x" + id.replace("-", "") + "5".repeat(32),
            0,
            false,
            REGISTRY,
            "500",
            catalogId,
            stranger,
            "http://evil",
            "0x" + "00".repeat(32),
            "2500");
    ModelTokenized own =
        new ModelTokenized(
            31337,
            13,
            "0x" + "c2".repeat(32),
            "0x" + id.replace("-", "") + "6".repeat(32),
            0,
            false,
            REGISTRY,
            "501",
            catalogId,
            DEV,
            "http://x",
            "0x" + "00".repeat(32),
            "250");
    publish(id, stolen);
    publish(id, own);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(given().get("/v1/models/" + id).then().extract().<String>path("state"))
                    .isEqualTo("tokenized"));
    JsonPath model = given().get("/v1/models/" + id).then().extract().jsonPath();
    assertThat(model.getString("token.tokenId")).isEqualTo("501");
    assertThat(model.getString("token.owner")).isEqualTo(DEV);
    assertThat(count("SELECT count(*) FROM inbox WHERE event_id = '" + stolen.eventId() + "'"))
        .isEqualTo(1); // seen, and left without effect
    assertThat(
            count("SELECT count(*) FROM chain_effect WHERE event_id = '" + stolen.eventId() + "'"))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM outbox WHERE subject = '"
                    + id
                    + "' AND event_type = 'soa.catalog.ModelTokenized.v1'"))
        .isEqualTo(1);
    // the stranger's token moving, and a second token of the developer's, change nothing either
    var moved =
        new ModelTransferred(
            31337,
            14,
            "0x" + "c3".repeat(32),
            "0x" + id.replace("-", "") + "7".repeat(32),
            0,
            false,
            REGISTRY,
            stranger,
            "0x" + "77".repeat(20),
            "500");
    var second = chainEvent(catalogId, "0x" + id.replace("-", "") + "8".repeat(32), 502);
    publish("500", moved);
    publish(id, second);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM inbox WHERE event_id IN ('"
                            + moved.eventId()
                            + "', '"
                            + second.eventId()
                            + "')")
                    == 2);
    assertThat(given().get("/v1/models/" + id).then().extract().<String>path("token.tokenId"))
        .isEqualTo("501");
  }

  @Test
  void retractionReturnsTheModelToDraftAndUnknownCatalogIdsAreIgnored() {
    String id = register("Reorged");
    String catalogId = given().get("/v1/models/" + id).then().extract().path("catalogId");
    String tx = "0x" + id.replace("-", "") + "2".repeat(32);
    ModelTokenized e = chainEvent(catalogId, tx, 7);
    publish(
        chainEvent(
            "0x" + "0".repeat(32) + "ffffffffffffffffffffffffffffffff", "0x" + "9".repeat(64), 8));
    publish(e);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(given().get("/v1/models/" + id).then().extract().<String>path("state"))
                    .isEqualTo("tokenized"));
    ModelTokenized retraction =
        new ModelTokenized(
            e.chainId(),
            e.blockNumber(),
            e.blockHash(),
            e.txHash(),
            e.logIndex(),
            true,
            e.contract(),
            e.modelId(),
            e.catalogId(),
            e.owner(),
            e.metadataUri(),
            e.artifactDigest(),
            e.royaltyBps());
    assertThat(retraction.eventId()).startsWith(e.eventId() + ":removed:");
    publish(retraction);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(given().get("/v1/models/" + id).then().extract().<String>path("state"))
                    .isEqualTo("draft"));
    given().get("/v1/models/" + id).then().body("token", org.hamcrest.Matchers.nullValue());
  }

  static final String NEW_OWNER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

  static String hash(String seed, int n) {
    return "0x" + seed.replace("-", "").substring(0, 24) + String.format("%040x", n);
  }

  static JsonPath doc(String id) {
    return given().get("/v1/models/" + id).then().statusCode(200).extract().jsonPath();
  }

  /** A JSON document minus the fields every write refreshes. */
  static Map<String, Object> stable(String id) {
    Map<String, Object> m = new java.util.TreeMap<>(doc(id).getMap("$"));
    m.remove("updatedAt");
    return m;
  }

  @Test
  void ownerPricesAndMetadataFollowTheChainAndRetractionsUndoThemExactly() throws Exception {
    String id = register("Full mirror");
    String catalogId = doc(id).getString("catalogId");
    // the configured registry (the mirror takes no other contract's events); a token id no other
    // test of this class uses
    String registry = REGISTRY;
    String token = "1001";
    String classify = io.soa.platform.types.Bytes32.featureKey("classify");
    String unknown = "0x" + "77".repeat(32);
    var tokenized =
        new ModelTokenized(
            31337,
            20,
            hash(id, 20),
            hash(id, 1),
            0,
            false,
            registry,
            token,
            catalogId,
            DEV,
            "http://meta/1",
            "0x" + "ab".repeat(32),
            "250");
    var mintTransfer =
        new ModelTransferred(
            31337,
            20,
            hash(id, 20),
            hash(id, 1),
            1,
            false,
            registry,
            "0x" + "00".repeat(20),
            DEV,
            token);
    var price =
        new UsagePriceSet(
            31337,
            21,
            hash(id, 21),
            hash(id, 2),
            0,
            false,
            registry,
            token,
            classify,
            "5000000000000000");
    var otherPrice =
        new UsagePriceSet(
            31337, 21, hash(id, 21), hash(id, 2), 1, false, registry, token, unknown, "7");
    var transfer =
        new ModelTransferred(
            31337, 22, hash(id, 22), hash(id, 3), 0, false, registry, DEV, NEW_OWNER, token);
    var repriced =
        new UsagePriceSet(
            31337, 23, hash(id, 23), hash(id, 4), 0, false, registry, token, classify, "0");
    var metadata =
        new ModelMetadataUpdated(
            31337,
            23,
            hash(id, 23),
            hash(id, 4),
            1,
            false,
            registry,
            token,
            "http://meta/2",
            "0x" + "cd".repeat(32));
    List<io.soa.events.ChainEvent> forward =
        List.of(mintTransfer, tokenized, price, otherPrice, transfer, repriced, metadata);

    publish(token, mintTransfer);
    publish(token, tokenized);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "tokenized".equals(doc(id).getString("state")));
    Map<String, Object> afterTokenized = stable(id);
    assertThat(doc(id).getString("owner")).isEqualTo(DEV);

    publish(token, price);
    publish(token, otherPrice);
    await().atMost(Duration.ofSeconds(30)).until(() -> doc(id).getList("usagePrices").size() == 2);
    JsonPath priced = doc(id);
    assertThat(priced.getString("usagePrices.find { it.feature == '" + classify + "' }.featureId"))
        .isEqualTo("classify");
    assertThat(
            priced.getString("usagePrices.find { it.feature == '" + classify + "' }.pricePerCall"))
        .isEqualTo("5000000000000000");
    assertThat(priced.getString("usagePrices.find { it.feature == '" + unknown + "' }.featureId"))
        .isNull();
    Map<String, Object> afterPrices = stable(id);
    // search: pay-per-use filters and price ranges use the cheapest price (7 here)
    assertThat(searchIds("payPerUse=true&owner=" + DEV)).contains(id);
    assertThat(searchIds("payPerUse=false&owner=" + DEV)).doesNotContain(id);
    assertThat(searchIds("minPrice=7&maxPrice=7")).contains(id);
    assertThat(searchIds("minPrice=8")).doesNotContain(id);

    publish(token, transfer);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> NEW_OWNER.equals(doc(id).getString("owner")));
    Map<String, Object> afterTransfer = stable(id);
    // writes now belong to the token's owner, not the developer
    String etag = given().get("/v1/models/" + id).then().extract().header("ETag");
    given()
        .auth()
        .oauth2(io.soa.catalog.Auth.token(DEV))
        .contentType("application/merge-patch+json")
        .header("If-Match", etag)
        .body("{\"summary\": \"mine\"}")
        .patch("/v1/models/" + id)
        .then()
        .statusCode(403);
    assertThat(searchIds("owner=" + NEW_OWNER)).contains(id);

    publish(token, repriced);
    publish(token, metadata);
    await().atMost(Duration.ofSeconds(30)).until(() -> doc(id).getBoolean("digestMismatch"));
    assertThat(doc(id).getString("token.metadataUri")).isEqualTo("http://meta/2");
    assertThat(doc(id).getList("usagePrices")).hasSize(1);
    Map<String, Object> end = stable(id);
    long outboxAtEnd = count("SELECT count(*) FROM outbox WHERE subject = '" + id + "'");
    long versionAtEnd =
        Long.parseLong(
            given().get("/v1/models/" + id).then().extract().header("ETag").replace("\"", ""));

    // Replaying every event twice (same ids) changes nothing: no write, no event.
    for (int round = 0; round < 2; round++) {
      forward.forEach(e -> publish(token, e));
    }
    awaitMarker(token, registry);
    assertThat(stable(id)).isEqualTo(end);
    assertThat(count("SELECT count(*) FROM outbox WHERE subject = '" + id + "'"))
        .isEqualTo(outboxAtEnd);
    assertThat(given().get("/v1/models/" + id).then().extract().header("ETag"))
        .isEqualTo("\"" + versionAtEnd + "\"");

    // A reorg retracts newest first; each retraction restores exactly what its event found.
    publish(token, removed(metadata));
    publish(token, removed(repriced));
    await().atMost(Duration.ofSeconds(30)).until(() -> stable(id).equals(afterTransfer));
    publish(token, removed(transfer));
    await().atMost(Duration.ofSeconds(30)).until(() -> stable(id).equals(afterPrices));
    publish(token, removed(otherPrice));
    publish(token, removed(price));
    await().atMost(Duration.ofSeconds(30)).until(() -> stable(id).equals(afterTokenized));
    publish(token, removed(tokenized));
    publish(token, removed(mintTransfer));
    await().atMost(Duration.ofSeconds(30)).until(() -> "draft".equals(doc(id).getString("state")));
    assertThat(doc(id).getList("usagePrices")).isEmpty();
    assertThat(doc(id).getString("owner")).isEqualTo(DEV);

    // Every catalog event of the model is on its topic, valid against its schema.
    long queued = count("SELECT count(*) FROM outbox WHERE subject = '" + id + "'");
    var out =
        TopicReader.readUntil(
            kafka,
            Topics.CATALOG_MODELS,
            rs -> rs.stream().filter(r -> id.equals(r.key())).count() >= queued,
            Duration.ofSeconds(30));
    var mine = out.stream().filter(r -> id.equals(r.key())).toList();
    for (var r : mine) {
      var type = EventTypes.byType(r.event().getType()).orElseThrow();
      assertThat(EventSchemas.violations(type, r.event().getData().toBytes()))
          .as(r.event().getType())
          .isEmpty();
    }
    var reverted =
        mine.stream()
            .filter(r -> r.event().getType().equals(io.soa.events.catalog.ModelOwnerChanged.TYPE))
            .map(r -> EventCodec.data(r.event(), CatalogEventTypes.MODEL_OWNER_CHANGED))
            .toList();
    assertThat(reverted)
        .extracting(e -> e.owner() + "/" + e.reverted())
        .containsExactly(NEW_OWNER + "/false", DEV + "/true");
    assertThat(
            mine.stream()
                .filter(
                    r -> r.event().getType().equals(io.soa.events.catalog.UsagePriceChanged.TYPE))
                .count())
        .isEqualTo(6);
  }

  @Test
  void sortByPriceIsNumericAndPagesByPrice() {
    String registry = REGISTRY; // token ids 5000..5003 are this test's alone
    List<String> ids = new java.util.ArrayList<>();
    // prices whose text order differs from their numeric order
    List<String> prices = List.of("9", "10", "100000000000000000000", "11");
    for (int i = 0; i < prices.size(); i++) {
      String id = register("Priced " + i);
      String token = Integer.toString(5000 + i);
      publish(
          token,
          new ModelTokenized(
              31337,
              30 + i,
              hash(id, 30),
              hash(id, 31),
              0,
              false,
              registry,
              token,
              doc(id).getString("catalogId"),
              DEV,
              "http://m",
              "0x" + "ab".repeat(32),
              "0"));
      publish(
          token,
          new UsagePriceSet(
              31337,
              40 + i,
              hash(id, 40),
              hash(id, 41),
              0,
              false,
              registry,
              token,
              io.soa.platform.types.Bytes32.featureKey("embed"),
              prices.get(i)));
      ids.add(id);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ids.stream().allMatch(id -> !doc(id).getList("usagePrices").isEmpty()));
    String range = "minPrice=9&maxPrice=100000000000000000000&sort=price";
    assertThat(searchIds(range)).containsExactly(ids.get(0), ids.get(1), ids.get(3), ids.get(2));
    JsonPath first = given().get("/v1/models?limit=2&" + range).then().extract().jsonPath();
    assertThat(first.getList("items.id")).containsExactly(ids.get(0), ids.get(1));
    assertThat(
            given()
                .get("/v1/models?limit=2&" + range + "&cursor=" + first.getString("nextCursor"))
                .then()
                .extract()
                .jsonPath()
                .getList("items.id"))
        .containsExactly(ids.get(3), ids.get(2));
  }

  List<String> searchIds(String query) {
    return given()
        .get("/v1/models?limit=100&" + query)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.id");
  }

  /** A marker on the same key (partition) as {@code token}: once applied, all before it were. */
  void awaitMarker(String token, String registry) {
    String marker = register("Marker " + System.nanoTime());
    String markerCatalogId = doc(marker).getString("catalogId");
    publish(
        token,
        new ModelTokenized(
            31337,
            99,
            hash(marker, 99),
            hash(marker, 98),
            0,
            false,
            registry,
            "999" + token,
            markerCatalogId,
            DEV,
            "http://m",
            "0x" + "00".repeat(32),
            "0"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "tokenized".equals(doc(marker).getString("state")));
  }

  static io.soa.events.ChainEvent removed(io.soa.events.ChainEvent e) {
    return switch (e) {
      case ModelTokenized t ->
          new ModelTokenized(
              t.chainId(),
              t.blockNumber(),
              t.blockHash(),
              t.txHash(),
              t.logIndex(),
              true,
              t.contract(),
              t.modelId(),
              t.catalogId(),
              t.owner(),
              t.metadataUri(),
              t.artifactDigest(),
              t.royaltyBps());
      case ModelTransferred t ->
          new ModelTransferred(
              t.chainId(),
              t.blockNumber(),
              t.blockHash(),
              t.txHash(),
              t.logIndex(),
              true,
              t.contract(),
              t.from(),
              t.to(),
              t.tokenId());
      case UsagePriceSet p ->
          new UsagePriceSet(
              p.chainId(),
              p.blockNumber(),
              p.blockHash(),
              p.txHash(),
              p.logIndex(),
              true,
              p.contract(),
              p.modelId(),
              p.feature(),
              p.pricePerCall());
      case ModelMetadataUpdated m ->
          new ModelMetadataUpdated(
              m.chainId(),
              m.blockNumber(),
              m.blockHash(),
              m.txHash(),
              m.logIndex(),
              true,
              m.contract(),
              m.modelId(),
              m.metadataUri(),
              m.artifactDigest());
      default -> throw new IllegalArgumentException(e.toString());
    };
  }

  static long count(String sql) throws Exception {
    return TestDb.count("catalog_listener_test", sql);
  }
}
