package io.soa.analytics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.soa.events.EventCodec;
import io.soa.events.SoaEvent;
import io.soa.events.Topics;
import io.soa.events.catalog.ModelRegistered;
import io.soa.events.catalog.ModelTokenized;
import io.soa.events.catalog.TokenSold;
import io.soa.events.chain.ChannelClaimed;
import io.soa.events.chain.ChannelOpened;
import io.soa.events.chain.LicensePurchased;
import io.soa.events.licensing.AccessDenied;
import io.soa.events.licensing.AccessGranted;
import io.soa.events.payments.ChargeAccepted;
import io.soa.events.payments.ChargeReleased;
import io.soa.events.payments.SettlementConfirmed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The application against a real broker: every kind of event it counts, delivered as producers
 * deliver them (some twice, one retracted by a reorg, garbage among them), and what {@code
 * /v1/analytics} says afterwards, to the wei.
 */
@QuarkusTest
@QuarkusTestResource(value = OwnBroker.class, restrictToAnnotatedClass = true)
class AnalyticsTest {
  static final long CHAIN = 31337;
  static final String MODEL = "7";
  static final String CATALOG_ID = UUID.randomUUID().toString();
  static final String CHANNEL = "42";
  static final String SOA = "1000000000000000000";
  static final Instant T0 = Instant.now().minusSeconds(120);
  static KafkaProducer<String, byte[]> producer;

  @BeforeAll
  static void connect() {
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                OwnBroker.bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  @AfterAll
  static void disconnect() {
    producer.close();
  }

  static void send(String topic, String key, String id, SoaEvent data, Instant time) {
    producer.send(
        EventCodec.toRecord(
            topic,
            key,
            EventCodec.envelope(
                id, "urn:soa:test", data, OffsetDateTime.ofInstant(time, ZoneOffset.UTC))));
  }

  static ChargeAccepted charge(String id, String feature, String amount, Instant at) {
    return new ChargeAccepted(
        id,
        "req-" + id,
        CHAIN,
        CHANNEL,
        MODEL,
        feature,
        amount,
        amount,
        amount,
        amount,
        at.toString());
  }

  static ChannelClaimed claim(long block, String cumulative, boolean removed) {
    return new ChannelClaimed(
        CHAIN,
        block,
        "0xb" + block,
        "0xc" + block,
        0,
        removed,
        "0xescrow",
        CHANNEL,
        MODEL,
        "0xowner",
        cumulative,
        cumulative,
        "0");
  }

  static LicensePurchased licence(String tx, boolean removed) {
    return new LicensePurchased(
        CHAIN,
        20,
        "0xb20",
        tx,
        1,
        removed,
        "0xlicences",
        "9" + tx.length(),
        "1",
        MODEL,
        "0xbuyer",
        "0xbuyer",
        "0xowner",
        "2" + SOA.substring(1),
        "0",
        "0",
        "5");
  }

  static TokenSold sold(
      String listing, String kind, String price, String royalty, boolean reverted) {
    return new TokenSold(
        CATALOG_ID,
        CHAIN,
        "0xmarket",
        listing,
        kind,
        "0xcollection",
        "3",
        "0xseller",
        "0xbuyer",
        price,
        "0xowner",
        royalty,
        "0",
        "0xsale" + listing,
        30,
        T0.toString(),
        reverted);
  }

  @Test
  void countsEveryKindOfEventOnceAndToTheWei() {
    // garbage first: the application skips it and goes on
    producer.send(
        new ProducerRecord<>(Topics.PAYMENTS_CHARGES, CHANNEL, "not an event".getBytes()));
    ProducerRecord<String, byte[]> bad =
        new ProducerRecord<>(Topics.PAYMENTS_CHARGES, CHANNEL, "{not json".getBytes());
    bad.headers()
        .add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8))
        .add("ce_id", "bad-1".getBytes(StandardCharsets.UTF_8))
        .add("ce_source", "urn:x".getBytes(StandardCharsets.UTF_8))
        .add("ce_type", ChargeAccepted.TYPE.getBytes(StandardCharsets.UTF_8));
    producer.send(bad);

    send(
        Topics.CATALOG_MODELS,
        CATALOG_ID,
        "m1",
        new ModelRegistered(
            CATALOG_ID,
            "0x01",
            "Test model",
            "test-model",
            "s",
            "task",
            "fw",
            List.of(),
            List.of("tokens", "lemmas"),
            "0xdev",
            null,
            "http://m",
            T0.toString()),
        T0);
    send(
        Topics.CATALOG_MODELS,
        CATALOG_ID,
        "m2",
        new ModelTokenized(CATALOG_ID, CHAIN, "0xregistry", MODEL, "0xdev", "0xt", 5),
        T0);

    // a channel expiring within the horizon, three charges (one delivered twice, as an outbox
    // relay may), one released (twice), a claim covering the first, a claim retracted by a reorg
    long expires = Instant.now().plusSeconds(3600).getEpochSecond();
    send(
        Topics.CHAIN_ESCROW,
        CHANNEL,
        "o1",
        new ChannelOpened(
            CHAIN,
            10,
            "0xb10",
            "0xc10",
            0,
            false,
            "0xescrow",
            CHANNEL,
            "0xpayer",
            MODEL,
            "0xpayer",
            SOA,
            Long.toString(expires)),
        T0);
    ChargeAccepted c1 = charge("c1", "tokens", "1000", T0);
    send(Topics.PAYMENTS_CHARGES, CHANNEL, "e-c1", c1, T0);
    send(Topics.PAYMENTS_CHARGES, CHANNEL, "e-c1", c1, T0);
    send(
        Topics.PAYMENTS_CHARGES,
        CHANNEL,
        "e-c2",
        charge("c2", "lemmas", "2000", T0.plusSeconds(1)),
        T0);
    send(
        Topics.PAYMENTS_CHARGES,
        CHANNEL,
        "e-c3",
        charge("c3", "tokens", "3000", T0.plusSeconds(2)),
        T0);
    ChargeReleased r3 =
        new ChargeReleased(
            "c3",
            "req-c3",
            CHAIN,
            CHANNEL,
            MODEL,
            "tokens",
            "3000",
            "3000",
            T0.plusSeconds(3).toString());
    send(Topics.PAYMENTS_CHARGES, CHANNEL, "e-r3", r3, T0);
    send(Topics.PAYMENTS_CHARGES, CHANNEL, "e-r3-again", r3, T0);
    send(Topics.CHAIN_ESCROW, CHANNEL, "k1", claim(11, "1000", false), T0.plusSeconds(10));
    send(Topics.CHAIN_ESCROW, CHANNEL, "k2", claim(12, "3000", false), T0.plusSeconds(20));
    send(Topics.CHAIN_ESCROW, CHANNEL, "k2-removed", claim(12, "3000", true), T0.plusSeconds(30));

    // calls: two granted (one delivered twice), one refunded, one denied
    for (String id : List.of("a1", "a1", "a2")) {
      send(
          Topics.LICENSING_ACCESS,
          MODEL,
          id,
          new AccessGranted(
              id,
              MODEL,
              "tokens",
              "0xcaller",
              "voucher",
              null,
              CHANNEL,
              "c1",
              "1000",
              null,
              200,
              false,
              3.0,
              2.0,
              T0.toString()),
          T0);
    }
    send(
        Topics.LICENSING_ACCESS,
        MODEL,
        "a3",
        new AccessGranted(
            "a3",
            MODEL,
            "tokens",
            "0xcaller",
            "voucher",
            null,
            CHANNEL,
            "c3",
            "3000",
            null,
            502,
            true,
            3.0,
            2.0,
            T0.toString()),
        T0);
    send(
        Topics.LICENSING_ACCESS,
        MODEL,
        "d1",
        new AccessDenied(
            "d1", MODEL, "tokens", "0xcaller", "licence", "payment-required", 402, T0.toString()),
        T0);

    // x402 calls of another model: an exact transfer (delivered twice), a channel's voucher, and
    // one the model failed (it pays nothing)
    for (String[] x :
        new String[][] {
          {"x1", "0x" + "ab".repeat(32), "400", "false"},
          {"x1", "0x" + "ab".repeat(32), "400", "false"},
          {"x2", null, "250", "false"},
          {"x3", null, "999", "true"}
        }) {
      send(
          Topics.LICENSING_ACCESS,
          "8",
          x[0],
          new AccessGranted(
              x[0],
              "8",
              "tokens",
              "0xcaller",
              "x402",
              null,
              null,
              null,
              x[2],
              x[1],
              Boolean.parseBoolean(x[3]) ? 502 : 200,
              Boolean.parseBoolean(x[3]),
              3.0,
              2.0,
              T0.toString()),
          T0);
    }

    // sales: two licences bought, one retracted by a reorg; a resale (twice); a model sale undone
    send(Topics.CHAIN_LICENSES, MODEL, "p1", licence("0xaa", false), T0);
    send(Topics.CHAIN_LICENSES, MODEL, "p2", licence("0xbbbb", false), T0);
    send(Topics.CHAIN_LICENSES, MODEL, "p2-removed", licence("0xbbbb", true), T0);
    TokenSold resale = sold("4", "license", SOA, "50000000000000000", false);
    send(Topics.CATALOG_MARKET, "0xcollection:3", "s1", resale, T0);
    send(Topics.CATALOG_MARKET, "0xcollection:3", "s1-again", resale, T0);
    send(
        Topics.CATALOG_MARKET,
        "0xcollection:1",
        "s2",
        sold("5", "model", "5" + SOA.substring(1), "0", false),
        T0);
    send(
        Topics.CATALOG_MARKET,
        "0xcollection:1",
        "s2-undone",
        sold("5", "model", "5" + SOA.substring(1), "0", true),
        T0);

    SettlementConfirmed confirmed =
        new SettlementConfirmed("b1", CHAIN, "0xc11", 1, 0, "1000", "10", T0.toString());
    send(Topics.PAYMENTS_SETTLEMENTS, "b1", "b1-confirmed", confirmed, T0);
    send(Topics.PAYMENTS_SETTLEMENTS, "b1", "b1-confirmed", confirmed, T0);
    producer.flush();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonPath s = given().get("/v1/analytics").then().statusCode(200).extract().jsonPath();
              Map<String, Object> m = s.getMap("models.find { it.modelId == '7' }");
              assertThat(m).isNotNull();
              assertThat(m.get("name")).isEqualTo("Test model");
              assertThat(m.get("revenue")).isEqualTo("3000");
              assertThat(m.get("revenueByFeature"))
                  .isEqualTo(Map.of("tokens", "1000", "lemmas", "2000"));
              assertThat(m.get("granted")).isEqualTo(3);
              assertThat(m.get("denied")).isEqualTo(1);
              assertThat(m.get("unsettled")).isEqualTo("2000");
              assertThat(m.get("valueAtRisk")).isEqualTo("2000");
              assertThat(m.get("licences")).isEqualTo(1);
              assertThat(m.get("licenceVolume")).isEqualTo("2" + SOA.substring(1));
              assertThat(m.get("resales")).isEqualTo(1);
              assertThat(m.get("resaleVolume")).isEqualTo(SOA);
              assertThat(m.get("modelSales")).isEqualTo(0);
              assertThat(m.get("modelSaleVolume")).isEqualTo("0");
              assertThat(m.get("royalties")).isEqualTo("50000000000000000");

              assertThat(s.getString("models.find { it.modelId == '8' }.x402Revenue"))
                  .isEqualTo("650");
              assertThat(m.get("x402Revenue")).isEqualTo("0");

              assertThat(s.getLong("access.granted")).isEqualTo(4);
              assertThat(s.getLong("access.refunded")).isEqualTo(2);
              assertThat(s.getLong("access.denied")).isEqualTo(1);
              assertThat(s.getMap("access.deniedByReason"))
                  .isEqualTo(Map.of("payment-required", 1));
              assertThat(
                      s.getList("access.perMinute.calls", Integer.class).stream()
                          .mapToInt(i -> i)
                          .sum())
                  .isEqualTo(7);

              assertThat(s.getString("settlement.charged")).isEqualTo("3000");
              assertThat(s.getString("settlement.claimed")).isEqualTo("1000");
              assertThat(s.getString("settlement.unsettled")).isEqualTo("2000");
              assertThat(s.getString("settlement.valueAtRisk")).isEqualTo("2000");
              assertThat(s.getInt("settlement.channelsAtRisk")).isEqualTo(1);
              assertThat(s.getLong("settlement.settledCharges")).isEqualTo(1);
              assertThat(s.getDouble("settlement.lastLagSeconds")).isEqualTo(10.0);
              assertThat(s.getDouble("settlement.oldestUnsettledSeconds")).isGreaterThan(100.0);
              assertThat(s.getMap("settlement.batches.confirmed"))
                  .isEqualTo(Map.of("count", 1, "amount", "1000", "fees", "10"));
              // the revenue series sums to the revenue
              assertThat(
                      s
                          .getList("revenue.findAll { it.modelId == '7' }.amount", String.class)
                          .stream()
                          .map(java.math.BigInteger::new)
                          .reduce(java.math.BigInteger.ZERO, java.math.BigInteger::add))
                  .hasToString("3000");
            });

    // the garbage was counted, not fatal
    String metrics =
        given()
            .get(io.soa.testing.PrometheusText.managementUrl())
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(metrics)
        .containsPattern(
            "soa_analytics_skipped_records_total\\{[^}]*topic=\"soa.payments.charges.v1\"[^}]*} [2-9]");
  }

  @Test
  void badParametersAreProblems() {
    for (String minutes : List.of("0", "1441", "abc", "-5", "99999999999")) {
      given()
          .queryParam("minutes", minutes)
          .get("/v1/analytics")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("status", org.hamcrest.Matchers.equalTo(400))
          .body("errors[0].parameter", org.hamcrest.Matchers.equalTo("minutes"));
    }
  }

  @Test
  void servesThePageAndItsChartLibrary() {
    assertThat(given().get("/").then().statusCode(200).extract().asString())
        .contains("vendor/chart.umd.min.js", "dashboard.js");
    assertThat(given().get("/vendor/chart.umd.min.js").then().statusCode(200).extract().asString())
        .contains("Chart.js");
  }
}
