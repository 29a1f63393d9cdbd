package io.soa.licensing.entitlement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.soa.events.Topics;
import io.soa.licensing.Mirror;
import io.soa.testing.SoaTestResource;
import io.soa.testing.TestDb;
import io.soa.testing.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The mirror of licences, tiers, owners, prices and endpoints, fed through a real broker: each
 * event applies once, a retraction undoes exactly its event and says so, events of another contract
 * grant nothing, a bad record goes to the dead-letter topic, and a replay of everything consumed,
 * twice, changes nothing.
 */
@QuarkusTest
@WithTestResource(
    value = SoaTestResource.class,
    initArgs = {
      @ResourceArg(name = "database", value = EntitlementMirrorTest.DB),
      @ResourceArg(name = "config.soa.chain.chain-id", value = "31337"),
      @ResourceArg(
          name = "config.soa.chain.contracts.model-registry",
          value = EntitlementMirrorTest.REGISTRY),
      @ResourceArg(
          name = "config.soa.chain.contracts.license-token",
          value = EntitlementMirrorTest.LICENSES),
      @ResourceArg(
          name = "config.soa.chain.contracts.usage-escrow",
          value = "0x2000000000000000000000000000000000000003")
    })
class EntitlementMirrorTest {
  static final String DB = "licensing_mirror_test";
  static final String REGISTRY = "0x2000000000000000000000000000000000000001";
  static final String LICENSES = "0x2000000000000000000000000000000000000002";
  static final String DAVE = "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65";
  static final String ERIN = "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc";

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String kafka;

  String state(long model) throws Exception {
    return TestDb.column(
                DB,
                "SELECT catalog_id || ':' || token_id || ':' || array_to_string(features, ',') || ':'"
                    + " || endpoint_url || ':' || listed FROM catalog_model WHERE token_id = "
                    + model)
            .toString()
        + TestDb.column(
                DB,
                "SELECT license_id || ':' || holder || ':' || calls_used || ':' || call_quota FROM"
                    + " licence WHERE model_id = "
                    + model
                    + " ORDER BY license_id")
            .toString()
        + TestDb.column(DB, "SELECT tier_id || ':' || active FROM tier WHERE model_id = " + model)
        + TestDb.column(DB, "SELECT owner FROM model_owner WHERE model_id = " + model)
        + TestDb.column(DB, "SELECT price FROM feature_price WHERE model_id = " + model);
  }

  @Test
  void aPurchaseGrantsItsRetractionRevokesAndAReplayOfEveryTopicChangesNothing() throws Exception {
    long model = 201;
    Mirror m = new Mirror(kafka, REGISTRY, LICENSES);
    m.model(model, "http://127.0.0.1:1/m", List.of("tokens"), "77");
    m.tier(model, 2011, 3, List.of());
    var p1 = m.buy(model, 2011, 20101, DAVE, 3, Instant.now().plusSeconds(3600).getEpochSecond());
    m.buy(model, 2011, 20102, DAVE, 3, 0);
    m.transfer(model, 20102, DAVE, ERIN);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                TestDb.count(DB, "SELECT count(*) FROM licence WHERE holder = '" + ERIN + "'")
                    == 1);
    assertThat(
            given()
                .get("/v1/entitlements?holder=" + DAVE)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("licenseId"))
        .containsExactly("20101");
    await() // the registry's and the catalog's topics are consumed apart from the licences'
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var offers =
                  given()
                      .get("/v1/models/" + model + "/offers")
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath();
              assertThat(offers.getString("features[0].feature")).isEqualTo("tokens");
              assertThat(offers.getString("features[0].pricePerCall")).isEqualTo("77");
              assertThat(offers.getLong("tiers[0].supplyLeft")).isEqualTo(98);
            });

    // events of another licence token grant nothing
    new Mirror(kafka, REGISTRY, "0x2000000000000000000000000000000000000009")
        .buy(model, 2011, 20199, DAVE, 3, 0);
    // the first purchase is retracted by a reorg
    m.chain(Topics.CHAIN_LICENSES, Long.toString(model), Mirror.retraction(p1));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> TestDb.count(DB, "SELECT count(*) FROM licence WHERE license_id = 20101") == 0);
    assertThat(TestDb.count(DB, "SELECT count(*) FROM licence WHERE license_id = 20199")).isZero();
    var events =
        TopicReader.readUntil(
            kafka,
            Topics.LICENSING_ENTITLEMENTS,
            rs ->
                rs.stream()
                    .anyMatch(
                        r ->
                            r.event().getType().endsWith("EntitlementRevoked.v1")
                                && "20101".equals(r.key())),
            Duration.ofSeconds(30));
    assertThat(events.stream().filter(r -> "20101".equals(r.key())).map(r -> r.event().getType()))
        .containsExactly(
            "soa.licensing.EntitlementGranted.v1", "soa.licensing.EntitlementRevoked.v1");
    assertThat(events.stream().filter(r -> "20102".equals(r.key())).map(r -> r.event().getType()))
        .containsExactly(
            "soa.licensing.EntitlementGranted.v1", "soa.licensing.EntitlementTransferred.v1");

    // a replay of every event consumed, twice, then a marker: nothing changes
    String before = state(model);
    long outbox = TestDb.count(DB, "SELECT count(*) FROM outbox");
    for (int round = 0; round < 2; round++) {
      m.replay(); // every topic this service consumes: catalog, registry, licences
    }
    // garbage under the same key is dead-lettered, and the partition moves on (the marker applies)
    TopicReader.sendRaw(
        kafka,
        new ProducerRecord<>(
            Topics.CHAIN_LICENSES, Long.toString(model), "not an event".getBytes()));
    var marker = m.buy(model, 2011, 20103, DAVE, 3, 0);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> TestDb.count(DB, "SELECT count(*) FROM licence WHERE license_id = 20103") == 1);
    m.chain(Topics.CHAIN_LICENSES, Long.toString(model), Mirror.retraction(marker));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> TestDb.count(DB, "SELECT count(*) FROM licence WHERE license_id = 20103") == 0);
    assertThat(state(model)).isEqualTo(before);
    assertThat(TestDb.count(DB, "SELECT count(*) FROM outbox")).isEqualTo(outbox + 2);
  }
}
