package io.soa.model;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.soa.verifier.GatewaySigner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 26, finding 5: the example model answers only calls the gateway signed. A direct call with
 * the gateway's plain headers, a replayed signed call, one with another body and one signed by
 * another key are refused with 401 before any work; the gateway's call is answered.
 */
@QuarkusTest
@TestProfile(PaidCallsTest.Pinned.class)
class PaidCallsTest {
  static final GatewaySigner GATEWAY = GatewaySigner.generate();

  /** The gateway's key pinned, as a model server that does not fetch the JWKS would. */
  public static class Pinned implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("soa.model.gateway-jwks", GATEWAY.jwks());
    }
  }

  static final String BODY = "{\"text\": \"The cats were sitting on the mats.\"}";

  static Map<String, String> fields() {
    return Map.of(
        "soa-caller", "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
        "soa-request-id", "r-1",
        "soa-model", "7",
        "soa-feature", "pos-tags",
        "soa-access", "licence");
  }

  static RequestSpecification signed(GatewaySigner by, String body) {
    RequestSpecification r = given().contentType("application/json").body(body);
    fields().forEach(r::header);
    by.sign(
            "POST",
            "/m/pos-tags",
            fields(),
            body.getBytes(StandardCharsets.UTF_8),
            Instant.now().getEpochSecond())
        .forEach(r::header);
    return r;
  }

  @Test
  void onlyTheGatewaysSignedCallsAreAnswered() {
    RequestSpecification call = signed(GATEWAY, BODY);
    Response paid = call.post("/m/pos-tags");
    assertThat(paid.statusCode()).isEqualTo(200);
    assertThat(paid.jsonPath().getList("tags")).hasSize(8);
    // the same signed request again: a replay
    assertThat(refusal(call.post("/m/pos-tags"))).startsWith("replayed");

    RequestSpecification direct = given().contentType("application/json").body(BODY);
    fields().forEach(direct::header);
    assertThat(refusal(direct.post("/m/pos-tags"))).startsWith("unsigned");

    // a signed call whose body was swapped on the way
    RequestSpecification swapped = given().contentType("application/json");
    fields().forEach(swapped::header);
    GATEWAY
        .sign("POST", "/m/pos-tags", fields(), BODY.getBytes(), Instant.now().getEpochSecond())
        .forEach(swapped::header);
    assertThat(refusal(swapped.body("{\"text\": \"Something else.\"}").post("/m/pos-tags")))
        .startsWith("digest-mismatch");
    assertThat(refusal(signed(GatewaySigner.generate(), BODY).post("/m/pos-tags")))
        .startsWith("unknown-key");
  }

  static String refusal(Response r) {
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.jsonPath().getString("type")).isEqualTo("/problems#unpaid-call");
    return r.jsonPath().getString("detail");
  }
}
