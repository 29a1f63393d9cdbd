package io.soa.catalog.listener;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.soa.events.EventCodec;
import io.soa.events.Topics;
import io.soa.events.chain.ModelTokenized;
import io.soa.platform.messaging.Redelivery;
import io.soa.testing.ChainAudit;
import io.soa.testing.SoaTestResource;
import io.soa.testing.TcpProxy;
import io.soa.testing.TopicReader;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The database goes away while a chain event waits: the mirror retries it with backoff until the
 * database is back, then applies it. It is not dead-lettered, not skipped, not applied twice.
 */
@QuarkusTest
@WithTestResource(
    value = SoaTestResource.class,
    initArgs = {
      @ResourceArg(name = "database", value = "catalog_outage_test"),
      @ResourceArg(name = "databaseProxy", value = "true"),
      @ResourceArg(
          name = "config.soa.chain.contracts.model-registry",
          value = DatabaseOutageTest.REGISTRY)
    })
class DatabaseOutageTest {
  static final String DEV = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
  static final String REGISTRY = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String kafka;

  // Optional: every test class of the module shares the app's beans, and only this one has it
  @ConfigProperty(name = "soa.test.db-proxy")
  java.util.Optional<String> dbProxy;

  @Test
  void aChainEventWaitsOutADatabaseOutageAndIsAppliedOnce() throws Exception {
    String proxy = dbProxy.orElseThrow();
    String id =
        given()
            .auth()
            .oauth2(io.soa.catalog.Auth.token(DEV))
            .contentType(ContentType.JSON)
            .body("{\"name\": \"Outage\"}")
            .post("/v1/models")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String catalogId = given().get("/v1/models/" + id).then().extract().path("catalogId");
    String key = "outage-" + id;
    ModelTokenized e =
        new ModelTokenized(
            31337,
            30,
            "0x" + "d1".repeat(32),
            "0x" + id.replace("-", "") + "e".repeat(32),
            0,
            false,
            REGISTRY,
            "901",
            catalogId,
            DEV,
            "http://x",
            "0x" + "00".repeat(32),
            "0");

    TcpProxy.cut(proxy); // the database is gone: open connections dropped, new ones refused
    TopicReader.send(
        kafka,
        Topics.CHAIN_MODELS,
        key,
        EventCodec.envelope(e.eventId(), "/chain-indexer", e, OffsetDateTime.now(), key));
    // the mirror tries the record while the database is down, and retries it
    await().atMost(Duration.ofSeconds(60)).until(() -> retries() >= 2);
    assertThat(TcpProxy.refused(proxy)).isPositive();
    TcpProxy.restore(proxy);

    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () ->
                assertThat(given().get("/v1/models/" + id).then().extract().<String>path("state"))
                    .isEqualTo("tokenized"));
    assertThat(given().get("/v1/models/" + id).then().extract().<String>path("token.tokenId"))
        .isEqualTo("901");
    // it never reached the dead letters
    assertThat(
            ChainAudit.readAll(kafka, List.of(Redelivery.deadLetterTopic("catalog-service")))
                .stream()
                .filter(r -> key.equals(r.key())))
        .isEmpty();
    assertThat(
            io.soa.testing.TestDb.count(
                "catalog_outage_test",
                "SELECT count(*) FROM outbox WHERE subject = '"
                    + id
                    + "' AND event_type = 'soa.catalog.ModelTokenized.v1'"))
        .isEqualTo(1);
  }

  static double retries() {
    return io.soa.testing.PrometheusText.value(
        given().get(io.soa.testing.PrometheusText.managementUrl()).then().extract().asString(),
        "soa_consumer_transient_retries_total");
  }
}
