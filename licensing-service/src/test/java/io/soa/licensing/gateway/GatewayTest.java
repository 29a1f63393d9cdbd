package io.soa.licensing.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.soa.devstack.auth.DevTokens;
import io.soa.events.Topics;
import io.soa.licensing.Mirror;
import io.soa.licensing.TestNames;
import io.soa.testing.ModelUpstream;
import io.soa.testing.TestDb;
import io.soa.testing.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The access gateway against a real database, broker and model endpoint: licences mirrored from
 * chain events (as the indexer publishes them) let calls through until their quota is used, never
 * overdrawn by concurrent callers; refusals say how to pay; the model's failures give the call
 * back; hostile endpoints are refused at connect time; every decision is an event.
 */
@QuarkusTest
@TestProfile(GatewayApp.class)
class GatewayTest {
  static final String DB = GatewayApp.DB;
  static final String REGISTRY = GatewayApp.REGISTRY;
  static final String LICENSES = GatewayApp.LICENSES;
  static final String ESCROW = GatewayApp.ESCROW;
  static final String MARKET = GatewayApp.MARKET;
  static final String SOA = GatewayApp.SOA;
  static final String PAYEES = GatewayApp.PAYEES;
  static final String ALICE = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
  static final String BOB = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
  static final String CAROL = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
  static final List<String> FEATURES =
      List.of(
          "tokens",
          "pos-tags",
          "detect-language",
          "fail",
          "flaky",
          "reject",
          "html",
          "slow",
          "huge",
          "redirect",
          "chunked",
          "chunked-huge");

  static ModelUpstream upstream;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String kafka;

  @BeforeAll
  static void start() throws Exception {
    if (upstream == null) {
      upstream = new ModelUpstream();
    }
  }

  @AfterAll
  static void stop() {
    upstream.close();
    upstream = null;
  }

  Mirror mirror() {
    return new Mirror(kafka, REGISTRY, LICENSES);
  }

  static String token(String who) {
    String key = ConfigProvider.getConfig().getValue("soa.test.jwt-private-key", String.class);
    return DevTokens.fromPrivatePem(key).token(who);
  }

  static Response call(String who, long model, String feature) {
    return given()
        .auth()
        .oauth2(token(who))
        .contentType(ContentType.JSON)
        .body("{\"text\": \"Hello world.\"}")
        .post("/v1/models/" + model + "/features/" + feature + "/invoke");
  }

  static void awaitLicence(String holder, long model, String licenseId) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                given()
                    .get("/v1/entitlements?holder=" + holder + "&model=" + model)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("licenseId")
                    .contains(licenseId));
  }

  static JsonPath entitlement(String holder, long model) {
    return given()
        .get("/v1/entitlements?holder=" + holder + "&model=" + model)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** Waits until the model's catalog side, prices and {@code tiers} tiers are all mirrored. */
  static void awaitModel(long model, int tiers) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Response o = given().get("/v1/models/" + model + "/offers");
              if (o.statusCode() != 200) {
                return false;
              }
              JsonPath j = o.jsonPath();
              return j.getString("catalogId") != null
                  && j.getList("tiers").size() == tiers
                  && j.getList("features.pricePerCall").stream().allMatch(p -> p != null)
                  && j.getList("features").size() == FEATURES.size();
            });
  }

  /** A model at the test upstream with one licence of quota {@code quota} held by {@code who}. */
  long licensed(long model, String who, long quota, long expiresAt) {
    return licensed(kafka, model, who, quota, expiresAt);
  }

  static long licensed(String kafka, long model, String who, long quota, long expiresAt) {
    Mirror m = new Mirror(kafka, REGISTRY, LICENSES);
    m.model(model, upstream.endpoint(), FEATURES, "1000");
    m.tier(model, model * 10, quota, List.of());
    m.buy(model, model * 10, model * 100, who, quota, expiresAt);
    awaitModel(model, 1);
    awaitLicence(who, model, Long.toString(model * 100));
    return model * 100;
  }

  static long inADay() {
    return Instant.now().plus(Duration.ofDays(1)).getEpochSecond();
  }

  @Test
  void aLicenceLetsCallsThroughUntilItsQuotaIsUsedNeverOverdrawnThen402() throws Exception {
    long model = 101;
    licensed(model, ALICE, 5, inADay());
    int before = upstream.calls("tokens");
    ExecutorService pool = Executors.newFixedThreadPool(12);
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      calls.add(() -> call(ALICE, model, "tokens").statusCode());
    }
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> f : pool.invokeAll(calls)) {
      statuses.add(f.get());
    }
    pool.shutdown();
    assertThat(statuses).filteredOn(s -> s == 200).hasSize(5);
    assertThat(statuses).filteredOn(s -> s == 402).hasSize(7);
    assertThat(upstream.calls("tokens") - before).isEqualTo(5);
    JsonPath e = entitlement(ALICE, model);
    assertThat(e.getLong("[0].callsLeft")).isZero();
    assertThat(e.getString("[0].state")).isEqualTo("exhausted");
    assertThat(TestDb.count(DB, "SELECT calls_used FROM licence WHERE license_id = 10100"))
        .isEqualTo(5);

    Response refused = call(ALICE, model, "tokens");
    assertThat(refused.statusCode()).isEqualTo(402);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.jsonPath().getString("type")).isEqualTo("/problems#quota-exhausted");
    assertThat(refused.jsonPath().getString("howToPay.pricePerCall")).isEqualTo("1000");

    // every decision is an event: 5 granted, 8 denied, and the licence's exhaustion once
    var access =
        TopicReader.readUntil(
            kafka,
            Topics.LICENSING_ACCESS,
            rs -> rs.stream().filter(r -> "101".equals(r.key())).count() >= 13,
            Duration.ofSeconds(30));
    var ours = access.stream().filter(r -> "101".equals(r.key())).toList();
    assertThat(ours.stream().filter(r -> r.event().getType().endsWith("AccessGranted.v1")))
        .hasSize(5);
    assertThat(ours.stream().filter(r -> r.event().getType().endsWith("AccessDenied.v1")))
        .hasSize(8);
    var exhausted =
        TopicReader.readUntil(
            kafka,
            Topics.LICENSING_ENTITLEMENTS,
            rs -> rs.stream().anyMatch(r -> isExhausted(r, "10100")),
            Duration.ofSeconds(30));
    assertThat(exhausted.stream().filter(r -> isExhausted(r, "10100"))).hasSize(1);
  }

  static Response call(String who, long model, String feature, String requestId) {
    return given()
        .auth()
        .oauth2(token(who))
        .header("SOA-Request-Id", requestId)
        .contentType(ContentType.JSON)
        .body("{\"text\": \"Hello world.\"}")
        .post("/v1/models/" + model + "/features/" + feature + "/invoke");
  }

  static boolean isExhausted(TopicReader.Received r, String licenseId) {
    return r.event().getType().endsWith("EntitlementExhausted.v1") && licenseId.equals(r.key());
  }

  @Test
  void theModelSeesTheCallButNeverTheCallersTokenOrVoucherAndTheCallerNoneOfItsSecrets() {
    long model = 102;
    licensed(model, ALICE, 0, 0); // unlimited, perpetual
    Response r =
        given()
            .auth()
            .oauth2(token(ALICE))
            .header("SOA-Request-Id", "req-102-1")
            .header("Cookie", "session=abc")
            .contentType(ContentType.JSON)
            .body("{\"text\": \"Hi\"}")
            .post("/v1/models/" + model + "/features/pos-tags/invoke");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/json"); // the model's, not the gateway's
    assertThat(r.jsonPath().getString("feature")).isEqualTo("pos-tags");
    assertThat(r.jsonPath().getString("echo.text")).isEqualTo("Hi");
    assertThat(r.header("SOA-Access")).isEqualTo("licence");
    assertThat(r.header("SOA-License-Id")).isEqualTo("10200");
    assertThat(r.header("SOA-Calls-Left")).isNull(); // unlimited
    assertThat(r.header("Set-Cookie")).isNull();
    assertThat(r.header("X-Internal")).isNull();
    Map<String, List<String>> seen = upstream.lastHeaders();
    assertThat(seen.keySet().stream().map(String::toLowerCase))
        .doesNotContain("authorization", "cookie", "soa-voucher")
        .contains("soa-caller", "soa-request-id");
    assertThat(seen.get("Soa-caller")).containsExactly(ALICE);
    assertThat(seen.keySet().stream().map(String::toLowerCase))
        .contains("signature", "signature-input", "content-digest", "soa-model", "soa-feature");
  }

  @Test
  void withoutLicenceOrVoucherTheAnswerIs402SayingHowToPay() {
    long model = 103;
    Mirror m = mirror();
    m.model(model, upstream.endpoint(), FEATURES, "1500");
    m.tier(model, 1031, 1000, List.of());
    m.tier(model, 1032, 10, List.of("detect-language"));
    awaitModel(model, 2);
    Response r = call(BOB, model, "pos-tags");
    assertThat(r.statusCode()).isEqualTo(402);
    JsonPath p = r.jsonPath();
    assertThat(p.getString("type")).isEqualTo("/problems#no-entitlement");
    assertThat(p.getLong("howToPay.chainId")).isEqualTo(31337);
    assertThat(p.getString("howToPay.usageEscrow")).isEqualTo(ESCROW);
    assertThat(p.getString("howToPay.licenseToken")).isEqualTo(LICENSES);
    assertThat(p.getString("howToPay.modelId")).isEqualTo("103");
    assertThat(p.getString("howToPay.feature")).isEqualTo("pos-tags");
    assertThat(p.getString("howToPay.pricePerCall")).isEqualTo("1500");
    // only the tier that covers pos-tags is offered for it
    assertThat(p.getList("howToPay.tiers.tierId")).containsExactly("1031");
    JsonPath offers = given().get("/v1/models/" + model + "/offers").then().extract().jsonPath();
    assertThat(offers.getList("tiers.tierId")).containsExactly("1031", "1032");
    assertThat(offers.getList("tiers[1].features")).containsExactly("detect-language");
    assertThat(offers.getString("owner")).isEqualTo(Mirror.OWNER);
    assertThat(offers.getList("features.feature")).containsAll(FEATURES);
  }

  @Test
  void anExpiredLicenceAndAFeatureOutsideTheTierAreRefused() {
    long model = 104;
    Mirror m = mirror();
    m.model(model, upstream.endpoint(), FEATURES, "1000");
    m.tier(model, 1041, 10, List.of("detect-language"));
    m.buy(model, 1041, 10401, CAROL, 10, inADay());
    m.buy(model, 1041, 10402, BOB, 10, Instant.now().minusSeconds(60).getEpochSecond());
    awaitModel(model, 1);
    awaitLicence(CAROL, model, "10401");
    awaitLicence(BOB, model, "10402");

    assertThat(call(CAROL, model, "detect-language").statusCode()).isEqualTo(200);
    Response outside = call(CAROL, model, "pos-tags");
    assertThat(outside.statusCode()).isEqualTo(402);
    assertThat(outside.jsonPath().getString("type")).isEqualTo("/problems#feature-not-covered");
    Response expired = call(BOB, model, "detect-language");
    assertThat(expired.statusCode()).isEqualTo(402);
    assertThat(expired.jsonPath().getString("type")).isEqualTo("/problems#licence-expired");
    assertThat(entitlement(BOB, model).getString("[0].state")).isEqualTo("expired");
    // the sweep announces the expired licence, once
    var expiredEvents =
        TopicReader.readUntil(
            kafka,
            Topics.LICENSING_ENTITLEMENTS,
            rs ->
                rs.stream()
                    .anyMatch(
                        e ->
                            "10402".equals(e.key())
                                && e.event().getType().endsWith("EntitlementExpired.v1")),
            Duration.ofSeconds(30));
    assertThat(
            expiredEvents.stream()
                .filter(
                    e ->
                        "10402".equals(e.key())
                            && e.event().getType().endsWith("EntitlementExpired.v1")))
        .hasSize(1);
    assertThat(
            expiredEvents.stream()
                .filter(
                    e ->
                        "10401".equals(e.key())
                            && e.event().getType().endsWith("EntitlementExpired.v1")))
        .isEmpty();
    assertThat(call(CAROL, model, "no-such-feature").statusCode()).isEqualTo(404);
    assertThat(call(CAROL, 999_999, "tokens").statusCode()).isEqualTo(404);
  }

  @Test
  void whenTheModelFailsTheCallIsGivenBackAndItsFailuresAreProblems() throws Exception {
    long model = 105;
    licensed(model, ALICE, 10, inADay());
    Response failed = call(ALICE, model, "fail");
    assertThat(failed.statusCode()).isEqualTo(502); // not the model's 500, and not its body
    assertThat(failed.jsonPath().getString("type")).isEqualTo("/problems#model-failed");
    assertThat(failed.jsonPath().getInt("outcome.modelStatus")).isEqualTo(500);
    assertThat(failed.asString()).doesNotContain("model crashed");
    Response slow = call(ALICE, model, "slow");
    assertThat(slow.statusCode()).isEqualTo(504);
    assertThat(slow.jsonPath().getString("type")).isEqualTo("/problems#upstream-timeout");
    Response huge = call(ALICE, model, "huge");
    assertThat(huge.statusCode()).isEqualTo(502);
    assertThat(huge.jsonPath().getString("type")).isEqualTo("/problems#upstream-too-large");
    Response redirect = call(ALICE, model, "redirect");
    assertThat(redirect.statusCode()).isEqualTo(302); // passed on, not followed
    assertThat(redirect.header("Location")).isNull();
    // an answer without a length is streamed through; one that grows past the limit is cut
    Response chunked = call(ALICE, model, "chunked");
    assertThat(chunked.statusCode()).isEqualTo(200);
    assertThat(chunked.asByteArray()).hasSize(1024 * 1024);
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    try {
      var cut =
          http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(
                          io.restassured.RestAssured.baseURI
                              + ":"
                              + io.restassured.RestAssured.port
                              + "/v1/models/"
                              + model
                              + "/features/chunked-huge/invoke"))
                  .header("Authorization", "Bearer " + token(ALICE))
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      assertThat(cut.body().length).isLessThanOrEqualTo(2 * 1024 * 1024);
    } catch (java.io.IOException expected) {
      // the gateway reset the stream past 2 MiB: the caller never gets the rest
    }
    // three failures gave their calls back; the redirect, chunked and cut ones were answers
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(entitlement(ALICE, model).getLong("[0].callsLeft")).isEqualTo(7));
  }

  @Test
  void anEndpointThatResolvesToAPrivateAddressIsRefusedAtConnectTime() {
    long model = 106;
    Mirror m = mirror();
    // the names look public and pass the catalog's check; they resolve inside when called
    m.model(model, "http://" + TestNames.PRIVATE + "/m", FEATURES, "1000");
    m.tier(model, 1061, 10, List.of());
    m.buy(model, 1061, 10601, ALICE, 10, inADay());
    awaitModel(model, 1);
    awaitLicence(ALICE, model, "10601");
    Response r = call(ALICE, model, "tokens");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.jsonPath().getString("type")).isEqualTo("/problems#endpoint-refused");
    assertThat(r.jsonPath().getString("detail")).contains("10.1.2.3", "private");

    long metadata = 107;
    m.model(metadata, "http://" + TestNames.METADATA + "/m", FEATURES, "1000");
    m.tier(metadata, 1071, 10, List.of());
    m.buy(metadata, 1071, 10701, ALICE, 10, inADay());
    awaitModel(metadata, 1);
    awaitLicence(ALICE, metadata, "10701");
    Response md = call(ALICE, metadata, "tokens");
    assertThat(md.statusCode()).isEqualTo(502);
    assertThat(md.jsonPath().getString("detail")).contains("link-local");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(entitlement(ALICE, model).getLong("[0].callsLeft")).isEqualTo(10));
  }

  @Test
  void aLicenceResoldMovesItsCallsLeftToTheBuyerAndARetractionMovesThemBack() {
    long model = 108;
    String id = Long.toString(licensed(model, BOB, 4, inADay()));
    assertThat(call(BOB, model, "tokens").statusCode()).isEqualTo(200);
    var sale = mirror().transfer(model, 10800, BOB, CAROL); // a marketplace sale moves the token
    awaitLicence(CAROL, model, id);
    assertThat(entitlement(CAROL, model).getLong("[0].callsLeft")).isEqualTo(3);
    assertThat(entitlement(BOB, model).getList("licenseId")).isEmpty();
    assertThat(call(BOB, model, "tokens").statusCode()).isEqualTo(402);
    assertThat(call(CAROL, model, "tokens").statusCode()).isEqualTo(200);
    assertThat(entitlement(CAROL, model).getLong("[0].callsLeft")).isEqualTo(2);

    mirror().chain(Topics.CHAIN_LICENSES, Long.toString(model), Mirror.retraction(sale));
    awaitLicence(BOB, model, id);
    assertThat(entitlement(BOB, model).getLong("[0].callsLeft")).isEqualTo(2);
    assertThat(entitlement(CAROL, model).getList("licenseId")).isEmpty();
  }

  @Test
  void aVoucherWhenPaymentServiceIsDownIs503AndAMalformedOneIs400() {
    long model = 109;
    mirror().model(model, upstream.endpoint(), FEATURES, "1000");
    awaitModel(model, 0);
    Response bad =
        given()
            .auth()
            .oauth2(token(ALICE))
            .header("SOA-Voucher", "1:2:0x12")
            .post("/v1/models/" + model + "/features/tokens/invoke");
    assertThat(bad.statusCode()).isEqualTo(400);
    Response down =
        given()
            .auth()
            .oauth2(token(ALICE))
            .header("SOA-Voucher", "1:1000:0x" + "ab".repeat(65))
            .header("SOA-Max-Price", "1000")
            .post("/v1/models/" + model + "/features/tokens/invoke");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.jsonPath().getString("type")).isEqualTo("/problems#payment-unavailable");
    // no token: not refused as unauthorized, but told how to pay (x402 clients start here)
    assertThat(given().post("/v1/models/" + model + "/features/tokens/invoke").statusCode())
        .isEqualTo(402);
    // the decisions and the payment client's fault tolerance are in the metrics
    String metrics =
        given()
            .get(io.soa.testing.PrometheusText.managementUrl())
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(metrics)
        .contains("soa_gateway_decisions_total{")
        .contains("reason=\"payment-unavailable\"")
        .contains("ft_invocations_total{")
        .contains("PaymentClient.charge");
  }
}
