package io.soa.licensing.gateway;

import static io.restassured.RestAssured.given;
import static io.soa.licensing.gateway.GatewayTest.ALICE;
import static io.soa.licensing.gateway.GatewayTest.BOB;
import static io.soa.licensing.gateway.GatewayTest.call;
import static io.soa.licensing.gateway.GatewayTest.inADay;
import static io.soa.licensing.gateway.GatewayTest.token;
import static io.soa.licensing.gateway.GatewayTest.upstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.soa.testing.ModelUpstream;
import io.soa.testing.TestDb;
import io.soa.verifier.JwksKeys;
import io.soa.verifier.PaidCallVerifier;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One call, one payment at the gateway (issue 26, findings 2, 3, 5, 7, 13), through the real
 * gateway, PostgreSQL and Kafka: a request id names one call; its replays are never forwarded or
 * paid again, whatever the licence's state; a failed attempt gives back only what it took; the
 * model's 5xx is not passed through; forwarded calls are signed so a model can refuse direct ones;
 * a model's page is never served as the gateway's.
 */
@QuarkusTest
@TestProfile(GatewayApp.class)
class OneCallOnePaymentTest {
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

  static Response send(String who, long model, String feature, String requestId, String body) {
    return given()
        .auth()
        .oauth2(token(who))
        .header("SOA-Request-Id", requestId)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v1/models/" + model + "/features/" + feature + "/invoke");
  }

  static final String BODY = "{\"text\": \"Hello world.\"}";

  static long used(long licence) throws Exception {
    return TestDb.count(
        GatewayTest.DB, "SELECT calls_used FROM licence WHERE license_id = " + licence);
  }

  @Test
  void anAnsweredCallIsNeverForwardedOrPaidAgainWhateverTheLicenceIsNow() throws Exception {
    long model = 120;
    long licence = GatewayTest.licensed(kafka, model, ALICE, 3, inADay());
    long otherModel = 125;
    GatewayTest.licensed(kafka, otherModel, ALICE, 3, inADay());
    int before = upstream.calls("tokens");
    Response first = send(ALICE, model, "tokens", "once-1", BODY);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.header("SOA-Calls-Left")).isEqualTo("2");

    Response replay = send(ALICE, model, "tokens", "once-1", BODY);
    assertThat(replay.statusCode()).isEqualTo(409);
    assertThat(replay.jsonPath().getString("type")).isEqualTo("/problems#request-already-answered");
    assertThat(replay.jsonPath().getInt("outcome.status")).isEqualTo(200);
    assertThat(replay.jsonPath().getString("outcome.access")).isEqualTo("licence");
    assertThat(replay.jsonPath().getString("outcome.licenseId")).isEqualTo(Long.toString(licence));
    // the id is bound to its model, feature and body: another use of it is refused
    for (Response other :
        new Response[] {
          send(ALICE, model, "tokens", "once-1", "{\"text\": \"Another text.\"}"),
          send(ALICE, model, "pos-tags", "once-1", BODY),
          send(ALICE, otherModel, "tokens", "once-1", BODY)
        }) {
      assertThat(other.statusCode()).isEqualTo(409);
      assertThat(other.jsonPath().getString("type")).isEqualTo("/problems#request-id-reused");
    }
    // another caller's ids are their own: BOB's once-1 is a call of his, unpaid
    assertThat(send(BOB, model, "tokens", "once-1", BODY).statusCode()).isEqualTo(402);

    // exhausted: every replay of an answered call is still refused, and takes nothing
    assertThat(send(ALICE, model, "tokens", "once-2", BODY).statusCode()).isEqualTo(200);
    assertThat(send(ALICE, model, "tokens", "once-3", BODY).statusCode()).isEqualTo(200);
    assertThat(send(ALICE, model, "tokens", "once-4", BODY).statusCode()).isEqualTo(402);
    for (int i = 0; i < 5; i++) {
      assertThat(send(ALICE, model, "tokens", "once-" + (1 + i % 3), BODY).statusCode())
          .isEqualTo(409);
    }
    assertThat(upstream.calls("tokens") - before).isEqualTo(3);
    assertThat(used(licence)).isEqualTo(3);
    // a refused call is not answered: the same id may be sent again (and is refused again)
    assertThat(send(ALICE, model, "tokens", "once-4", BODY).statusCode()).isEqualTo(402);
  }

  @Test
  void aFailedAttemptGivesBackOnlyWhatItTookAndMayBePaidAgain() throws Exception {
    long model = 121;
    long licence = GatewayTest.licensed(kafka, model, ALICE, 5, inADay());
    // flaky answers its first call, then fails with 503
    assertThat(send(ALICE, model, "flaky", "f-1", BODY).statusCode()).isEqualTo(200);
    assertThat(used(licence)).isEqualTo(1);
    Response failed = send(ALICE, model, "flaky", "f-2", BODY);
    assertThat(failed.statusCode()).isEqualTo(502);
    assertThat(failed.jsonPath().getString("type")).isEqualTo("/problems#model-failed");
    assertThat(failed.jsonPath().getInt("outcome.modelStatus")).isEqualTo(503);
    assertThat(failed.asString()).doesNotContain("overloaded");
    await().atMost(Duration.ofSeconds(10)).until(() -> used(licence) == 1);
    // the answered call replayed: not forwarded, so the model's failure cannot give it back
    int flaky = upstream.calls("flaky");
    for (int i = 0; i < 4; i++) {
      assertThat(send(ALICE, model, "flaky", "f-1", BODY).statusCode()).isEqualTo(409);
    }
    assertThat(upstream.calls("flaky")).isEqualTo(flaky);
    // the failed one again: a new attempt each time, each taking and giving back its own call
    for (int i = 0; i < 4; i++) {
      assertThat(send(ALICE, model, "flaky", "f-2", BODY).statusCode()).isEqualTo(502);
    }
    assertThat(upstream.calls("flaky")).isEqualTo(flaky + 4);
    assertThat(used(licence)).isEqualTo(1); // never below what the answered call took
    assertThat(
            TestDb.count(
                GatewayTest.DB,
                "SELECT attempt FROM access_call WHERE request_key = '" + ALICE + ":f-2'"))
        .isEqualTo(5);
    // a model's 4xx is its answer: passed through, and paid
    Response rejected = send(ALICE, model, "reject", "r-1", BODY);
    assertThat(rejected.statusCode()).isEqualTo(422);
    assertThat(rejected.jsonPath().getString("error")).isEqualTo("text too long");
    assertThat(used(licence)).isEqualTo(2);
  }

  @Test
  void aCallInFlightRunsOnceAndItsRepeatIs409() throws Exception {
    long model = 122;
    long licence = GatewayTest.licensed(kafka, model, ALICE, 5, inADay());
    CompletableFuture<Integer> first =
        CompletableFuture.supplyAsync(() -> send(ALICE, model, "slow", "s-1", BODY).statusCode());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                TestDb.count(
                        GatewayTest.DB,
                        "SELECT count(*) FROM access_call WHERE state = 'in-flight' AND"
                            + " request_key = '"
                            + ALICE
                            + ":s-1'")
                    == 1);
    Response again = send(ALICE, model, "slow", "s-1", BODY);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.jsonPath().getString("type")).isEqualTo("/problems#request-in-progress");
    assertThat(first.get()).isEqualTo(504); // the model is slower than the gateway waits
    await().atMost(Duration.ofSeconds(10)).until(() -> used(licence) == 0);
  }

  @Test
  void forwardedCallsAreSignedSoTheModelCanRefuseDirectOnesAndReplays() throws Exception {
    long model = 123;
    GatewayTest.licensed(kafka, model, ALICE, 0, 0);
    assertThat(send(ALICE, model, "pos-tags", "sig-1", BODY).statusCode()).isEqualTo(200);
    ModelUpstream.Received got = upstream.last();
    String jwks = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
    PaidCallVerifier model_ =
        new PaidCallVerifier(
            JwksKeys.of(jwks), Duration.ofSeconds(60), Duration.ofSeconds(5), Clock.systemUTC());
    PaidCallVerifier.Request forwarded =
        new PaidCallVerifier.Request("POST", got.path(), got::header, got.body());
    PaidCallVerifier.PaidCall paid = model_.verify(forwarded);
    assertThat(paid.caller()).isEqualTo(ALICE);
    assertThat(paid.requestId()).isEqualTo("sig-1");
    assertThat(paid.model()).isEqualTo("123");
    assertThat(paid.feature()).isEqualTo("pos-tags");
    assertThat(paid.access()).isEqualTo("licence");
    assertThat(refusal(model_, forwarded)).isEqualTo("replayed");
    // a direct call with the gateway's plain headers, as anyone could send them
    PaidCallVerifier.Request direct =
        new PaidCallVerifier.Request(
            "POST",
            "/m/pos-tags",
            h ->
                switch (h) {
                  case "soa-caller" -> ALICE;
                  case "soa-access" -> "licence";
                  default -> null;
                },
            BODY.getBytes());
    assertThat(refusal(model_, direct)).isEqualTo("unsigned");
  }

  static String refusal(PaidCallVerifier v, PaidCallVerifier.Request r) {
    try {
      v.verify(r);
      return "accepted";
    } catch (PaidCallVerifier.Refused e) {
      return e.reason();
    }
  }

  @Test
  void aModelsPageIsNeverServedAsAPageOfTheGateway() throws Exception {
    long model = 124;
    GatewayTest.licensed(kafka, model, ALICE, 0, 0);
    Response page = send(ALICE, model, "html", "html-1", BODY);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(page.header("Content-Security-Policy")).contains("sandbox");
  }

  /** Finding 15: while a licence is for sale its calls are the buyer's, frozen for the seller. */
  @Test
  void aListedLicenceIsFrozenUntilItsListingEnds() throws Exception {
    long model = 126;
    long licence = GatewayTest.licensed(kafka, model, ALICE, 5, inADay());
    assertThat(send(ALICE, model, "tokens", "l-1", BODY).statusCode()).isEqualTo(200);
    io.soa.licensing.Mirror m =
        new io.soa.licensing.Mirror(kafka, GatewayTest.REGISTRY, GatewayTest.LICENSES);
    m.listed(GatewayTest.MARKET, 9001, licence, ALICE);
    m.listed("0x" + "77".repeat(20), 9002, licence + 1, ALICE); // another marketplace: nothing
    awaitState(model, "listed");
    Response frozen = send(ALICE, model, "tokens", "l-2", BODY);
    assertThat(frozen.statusCode()).isEqualTo(402);
    assertThat(frozen.jsonPath().getString("type")).isEqualTo("/problems#licence-listed");
    assertThat(used(licence)).isEqualTo(1);
    m.cancelled(GatewayTest.MARKET, 9001, licence);
    awaitState(model, "active");
    assertThat(send(ALICE, model, "tokens", "l-3", BODY).statusCode()).isEqualTo(200);
    // listed again, and the listing retracted by a reorg: the calls are the holder's again
    var again = m.listed(GatewayTest.MARKET, 9003, licence, ALICE);
    awaitState(model, "listed");
    assertThat(send(ALICE, model, "tokens", "l-4", BODY).statusCode()).isEqualTo(402);
    m.chain(
        io.soa.events.Topics.CHAIN_MARKET,
        GatewayTest.LICENSES + ":" + licence,
        io.soa.licensing.Mirror.retraction(again));
    awaitState(model, "active");
    assertThat(send(ALICE, model, "tokens", "l-5", BODY).statusCode()).isEqualTo(200);
    assertThat(used(licence)).isEqualTo(3);
  }

  static void awaitState(long model, String state) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> state.equals(GatewayTest.entitlement(ALICE, model).getString("[0].state")));
  }

  @Test
  void aVoucherCallMustSayTheMostItPays() throws Exception {
    Response r =
        given()
            .auth()
            .oauth2(token(ALICE))
            .header("SOA-Voucher", "1:1000:0x" + "ab".repeat(65))
            .post("/v1/models/120/features/tokens/invoke");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.jsonPath().getString("errors[0].field")).isEqualTo("SOA-Max-Price");
    assertThat(call(ALICE, 999_998, "tokens").statusCode()).isEqualTo(404);
  }
}
