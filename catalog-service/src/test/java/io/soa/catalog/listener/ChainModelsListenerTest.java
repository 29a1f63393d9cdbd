package io.soa.catalog.listener;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.soa.devstack.testing.SoaTestResource;
import io.soa.devstack.testing.TopicReader;
import io.soa.events.EventCodec;
import io.soa.events.EventSchemas;
import io.soa.events.EventTypes;
import io.soa.events.Topics;
import io.soa.events.chain.ModelTokenized;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The mirror of chain tokenization, fed through a real broker, applied exactly once. */
@QuarkusTest
@WithTestResource(value = SoaTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "catalog_listener_test"))
class ChainModelsListenerTest {
  static final String DEV = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
  static final String REGISTRY = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String kafka;

  static String register(String name) {
    return given().contentType(ContentType.JSON)
        .body("{\"name\": \"" + name + "\", \"developer\": \"" + DEV + "\"}")
        .when().post("/v1/models").then().statusCode(201).extract().path("id");
  }

  static ModelTokenized chainEvent(String catalogId, String txHash, long modelId) {
    return new ModelTokenized(31337, 12, "0x" + "b1".repeat(32), txHash, 3, false, REGISTRY,
        Long.toString(modelId), catalogId, DEV, "http://x", "0x" + "00".repeat(32), "250");
  }

  void publish(ModelTokenized e) {
    TopicReader.send(kafka, Topics.CHAIN_MODELS, e.modelId(),
        EventCodec.envelope(e.eventId(), "/chain-indexer", e, OffsetDateTime.now()));
  }

  @Test
  void marksTheModelTokenizedOnceEvenWhenTheEventIsRedelivered() throws Exception {
    String id = register("Mirror me");
    String catalogId = given().get("/v1/models/" + id).then().extract().path("catalogId");
    String tx = "0x" + id.replace("-", "") + "0".repeat(32);
    ModelTokenized e = chainEvent(catalogId, tx, 42);
    publish(e);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
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
    ModelTokenized marker = new ModelTokenized(31337, 13, "0x" + "b2".repeat(32),
        "0x" + other.replace("-", "") + "1".repeat(32), 0, false, REGISTRY, "42",
        otherCatalogId, DEV, "http://x", "0x" + "00".repeat(32), "250");
    publish(marker);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(given().get("/v1/models/" + other).then().extract().<String>path("state"))
            .isEqualTo("tokenized"));

    assertThat(given().get("/v1/models/" + id).then().extract().<String>path("updatedAt"))
        .isEqualTo(updatedAt);
    assertThat(count("SELECT count(*) FROM outbox WHERE subject = '" + id
        + "' AND event_type = 'soa.catalog.ModelTokenized.v1'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM inbox WHERE event_id = '" + e.eventId() + "'"))
        .isEqualTo(1);

    // The catalog's own event reaches its topic through the outbox, valid against its schema.
    var out = TopicReader.readUntil(kafka, Topics.CATALOG_MODELS, rs -> rs.stream().anyMatch(
        r -> r.event().getType().equals(io.soa.events.catalog.ModelTokenized.TYPE)
            && id.equals(r.event().getSubject())), Duration.ofSeconds(30));
    var tokenized = out.stream().filter(r -> r.event().getType()
        .equals(io.soa.events.catalog.ModelTokenized.TYPE) && id.equals(r.key())).toList();
    assertThat(tokenized).hasSize(1);
    assertThat(EventSchemas.violations(EventTypes.CATALOG_MODEL_TOKENIZED,
        tokenized.get(0).event().getData().toBytes())).isEmpty();
    var data = EventCodec.data(tokenized.get(0).event(), EventTypes.CATALOG_MODEL_TOKENIZED);
    assertThat(data.tokenId()).isEqualTo("42");
    assertThat(data.txHash()).isEqualTo(tx);
    var registered = out.stream().filter(r -> r.event().getType()
        .equals(io.soa.events.catalog.ModelRegistered.TYPE) && id.equals(r.key())).toList();
    assertThat(registered).hasSize(1);
    assertThat(EventSchemas.violations(EventTypes.CATALOG_MODEL_REGISTERED,
        registered.get(0).event().getData().toBytes())).isEmpty();
  }

  @Test
  void retractionReturnsTheModelToDraftAndUnknownCatalogIdsAreIgnored() {
    String id = register("Reorged");
    String catalogId = given().get("/v1/models/" + id).then().extract().path("catalogId");
    String tx = "0x" + id.replace("-", "") + "2".repeat(32);
    ModelTokenized e = chainEvent(catalogId, tx, 7);
    publish(chainEvent("0x" + "0".repeat(32) + "ffffffffffffffffffffffffffffffff", "0x" + "9".repeat(64), 8));
    publish(e);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(given().get("/v1/models/" + id).then().extract().<String>path("state"))
            .isEqualTo("tokenized"));
    ModelTokenized retraction = new ModelTokenized(e.chainId(), e.blockNumber(), e.blockHash(),
        e.txHash(), e.logIndex(), true, e.contract(), e.modelId(), e.catalogId(), e.owner(),
        e.metadataUri(), e.artifactDigest(), e.royaltyBps());
    assertThat(retraction.eventId()).startsWith(e.eventId() + ":removed:");
    publish(retraction);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(given().get("/v1/models/" + id).then().extract().<String>path("state"))
            .isEqualTo("draft"));
    given().get("/v1/models/" + id).then().body("token", org.hamcrest.Matchers.nullValue());
  }

  static long count(String sql) throws Exception {
    return io.soa.catalog.Db.count("catalog_listener_test", sql);
  }
}
