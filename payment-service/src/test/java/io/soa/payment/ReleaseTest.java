package io.soa.payment;

import static io.restassured.RestAssured.given;
import static io.soa.payment.ChargeTest.DEPOSIT;
import static io.soa.payment.ChargeTest.balance;
import static io.soa.payment.ChargeTest.ready;
import static io.soa.payment.ChargeTest.text;
import static io.soa.payment.ChargeTest.times;
import static io.soa.payment.PaymentFixture.body;
import static io.soa.payment.PaymentFixture.charge;
import static io.soa.payment.PaymentFixture.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.soa.events.EventCodec;
import io.soa.events.Topics;
import io.soa.events.licensing.AccessGranted;
import io.soa.payment.PaymentFixture.Opened;
import io.soa.testing.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;

/**
 * A failed call's charge becomes credit again: by the gateway's decision on its topic (how our
 * gateway does it, issue 27) and by the release endpoint (for other gateways). Each is once, and a
 * decision can only release a charge of its own call.
 */
@QuarkusTest
@TestProfile(ChargeApp.class)
class ReleaseTest {

  @Test
  void aReleasedChargeIsCreditForTheNextCallAndReleasingTwiceIsOnce() throws Exception {
    Opened ch = ready(DEPOSIT, Duration.ofDays(1));
    String id =
        charge(body("r-" + UUID.randomUUID(), ch, times(1), sign(ch, times(1)), "pos-tags"))
            .then()
            .statusCode(201)
            .extract()
            .path("chargeId");
    for (int i = 0; i < 2; i++) {
      given()
          .auth()
          .oauth2(PaymentFixture.gatewayToken())
          .post("/v1/charges/" + id + "/release")
          .then()
          .statusCode(200)
          .body("state", equalTo("released"));
    }
    given().get("/v1/channels/" + ch.channelId()).then().body("charged", equalTo("0"));
    // the same voucher pays again
    charge(body("r-" + UUID.randomUUID(), ch, times(1), sign(ch, times(1)), "pos-tags"))
        .then()
        .statusCode(201);
    assertThat(balance("channel:" + ch.channelId())).isEqualTo(DEPOSIT.subtract(times(1)));
    assertThat(text("SELECT COALESCE(SUM(amount), 0)::text FROM posting")).isEqualTo("0");
    given()
        .auth()
        .oauth2(PaymentFixture.gatewayToken())
        .post("/v1/charges/" + UUID.randomUUID() + "/release")
        .then()
        .statusCode(404);
  }

  @Test
  void theGatewaysDecisionOfAFailedCallReleasesItsChargeOnceAndOnlyThatOne() throws Exception {
    Opened ch = ready(DEPOSIT, Duration.ofDays(1));
    String caller = "0x" + Keys.getAddress(ch.signer());
    String failed = charged(ch, caller, "fail-1", 1);
    String answered = charged(ch, caller, "ok-2", 2);
    String forgedTarget = charged(ch, caller, "ok-3", 3);

    // a decision naming another call's charge (a forged or corrupt record) releases nothing
    decide(UUID.randomUUID().toString(), ch, "0x" + "66".repeat(20), "fail-1", forgedTarget, true);
    // an answered call's decision (not refunded) releases nothing
    decide(UUID.randomUUID().toString(), ch, caller, "ok-2", answered, false);
    // the failed call's decision, delivered twice, and again under another id
    String decision = UUID.randomUUID().toString();
    decide(decision, ch, caller, "fail-1", failed, true);
    decide(decision, ch, caller, "fail-1", failed, true);
    decide(UUID.randomUUID().toString(), ch, caller, "fail-1", failed, true);

    await().atMost(Duration.ofSeconds(30)).until(() -> state(failed).equals("released"));
    // records of one model keep their order: once the last is applied, all before it are
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                text("SELECT count(*)::text FROM inbox WHERE event_type = '"
                        + AccessGranted.TYPE
                        + "' AND event_id = '"
                        + decision
                        + "'")
                    .equals("1"));
    assertThat(state(answered)).isEqualTo("accepted");
    assertThat(state(forgedTarget)).isEqualTo("accepted");
    // given back once: the channel owes two calls, and the released amount moved back once
    given()
        .get("/v1/channels/" + ch.channelId())
        .then()
        .body("charged", equalTo(times(2).toString()));
    assertThat(balance("channel:" + ch.channelId())).isEqualTo(DEPOSIT.subtract(times(2)));
    assertThat(
            text(
                "SELECT count(*)::text FROM posting WHERE entry_id = '"
                    + UUID.nameUUIDFromBytes(("release|" + failed).getBytes())
                    + "'"))
        .isEqualTo("2");
    assertThat(text("SELECT COALESCE(SUM(amount), 0)::text FROM posting")).isEqualTo("0");
  }

  /** A charge as our gateway asks for it: the key is caller, request id and attempt. */
  private static String charged(Opened ch, String caller, String requestId, long n) {
    return charge(
            body(caller + ":" + requestId + ":1", ch, times(n), sign(ch, times(n)), "pos-tags"))
        .then()
        .statusCode(201)
        .extract()
        .path("chargeId");
  }

  private static void decide(
      String eventId, Opened ch, String caller, String requestId, String chargeId, boolean failed) {
    AccessGranted g =
        new AccessGranted(
            requestId,
            ch.modelId().toString(),
            "pos-tags",
            caller,
            "voucher",
            null,
            ch.channelId().toString(),
            chargeId,
            times(1).toString(),
            null,
            failed ? 0 : 200,
            failed,
            1.0,
            2.0,
            Instant.now().toString());
    TopicReader.send(
        ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
        Topics.LICENSING_ACCESS,
        ch.modelId().toString(),
        EventCodec.envelope(
            eventId, "/licensing-service", g, OffsetDateTime.now(), ch.modelId().toString()));
  }

  private static String state(String chargeId) {
    return given().get("/v1/charges/" + chargeId).then().extract().path("state");
  }
}
