package io.soa.indexer.follower;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.soa.contracts.generated.ModelRegistry;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import io.soa.events.EventCodec;
import io.soa.events.EventSchemas;
import io.soa.events.Topics;
import io.soa.events.chain.ChainEventTypes;
import io.soa.events.chain.ModelTokenized;
import io.soa.platform.types.Bytes32;
import io.soa.testing.SoaTestResource;
import io.soa.testing.TopicReader;
import io.soa.testing.TopicReader.Received;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

@QuarkusTest
@WithTestResource(
    value = SoaTestResource.class,
    initArgs = {
      @ResourceArg(name = "database", value = "indexer_follower_test"),
      @ResourceArg(name = "chain", value = "true")
    })
class ChainFollowerTest {

  @ConfigProperty(name = "soa.chain.rpc-url")
  String rpcUrl;

  @ConfigProperty(name = "soa.chain.contracts.model-registry")
  String registryAddress;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String kafka;

  @Test
  void publishesModelTokenizedWithDeterministicIdKeyAndValidSchema() throws Exception {
    Web3j web3j = Chain.connect(rpcUrl);
    var developer = DevAccounts.account(1);
    ModelRegistry registry =
        ModelRegistry.load(
            registryAddress, web3j, Chain.txManager(web3j, developer), Chain.DEV_GAS);
    UUID catalogUuid = UUID.randomUUID();
    String catalogId = Bytes32.fromUuid(catalogUuid);
    byte[] digest = new byte[32];
    digest[31] = 7;
    TransactionReceipt receipt =
        registry
            .tokenize(
                HexFormat.of().parseHex(catalogId.substring(2)),
                "http://catalog/v1/models/" + catalogUuid + "/token-metadata",
                digest,
                BigInteger.valueOf(500))
            .send();
    assertThat(receipt.isStatusOK()).isTrue();
    var log = ModelRegistry.getModelTokenizedEvents(receipt).get(0);
    String expectedId = "31337:" + receipt.getTransactionHash() + ":" + log.log.getLogIndex();

    List<Received> got =
        TopicReader.readUntil(
            kafka,
            Topics.CHAIN_MODELS,
            rs -> rs.stream().anyMatch(r -> r.event().getId().equals(expectedId)),
            Duration.ofSeconds(30));
    Received r =
        got.stream()
            .filter(x -> x.event().getId().equals(expectedId))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no event " + expectedId + " in " + got.size() + " records"));

    assertThat(r.event().getType()).isEqualTo(ModelTokenized.TYPE);
    assertThat(r.event().getSource().toString()).isEqualTo("/chain-indexer");
    assertThat(
            EventSchemas.violations(ChainEventTypes.MODEL_TOKENIZED, r.event().getData().toBytes()))
        .isEmpty();
    ModelTokenized e = EventCodec.data(r.event(), ChainEventTypes.MODEL_TOKENIZED);
    assertThat(r.key()).isEqualTo(e.modelId()).isEqualTo(log.modelId.toString());
    assertThat(r.event().getSubject()).isEqualTo(e.modelId());
    assertThat(e.chainId()).isEqualTo(31337);
    assertThat(e.catalogId()).isEqualTo(catalogId);
    assertThat(e.owner()).isEqualTo(developer.getAddress().toLowerCase());
    assertThat(e.contract()).isEqualTo(registryAddress.toLowerCase());
    assertThat(e.txHash()).isEqualTo(receipt.getTransactionHash());
    assertThat(e.blockNumber()).isEqualTo(receipt.getBlockNumber().longValueExact());
    assertThat(e.blockHash()).isEqualTo(receipt.getBlockHash());
    assertThat(e.artifactDigest()).isEqualTo("0x" + "00".repeat(31) + "07");
    assertThat(e.royaltyBps()).isEqualTo("500");
    assertThat(e.removed()).isFalse();
    // exactly once on the topic
    assertThat(got.stream().filter(x -> x.event().getId().equals(expectedId))).hasSize(1);

    given()
        .when()
        .get("/v1/status")
        .then()
        .statusCode(200)
        .body("chainId", equalTo(31337))
        .body("cursor", greaterThanOrEqualTo(receipt.getBlockNumber().intValueExact()));
    given().when().get("/q/health/ready").then().statusCode(200);
    web3j.shutdown();
  }

  @Test
  void operatorCommandsAreOnlyOnTheManagementInterfaceAndOnlyForOperators() {
    String someone = "0x" + "0a".repeat(20);
    // not on the service port at all
    given().post("/v1/admin/replay?fromBlock=0").then().statusCode(404);
    given().post("/v1/admin/resume").then().statusCode(404);
    String replay = Management.url() + "/v1/admin/replay?fromBlock=0";
    given()
        .post(replay)
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
    given().auth().oauth2("not.a.jwt").post(replay).then().statusCode(401);
    given()
        .auth()
        .oauth2(Management.signer().token(someone))
        .post(replay)
        .then()
        .statusCode(403)
        .body("status", equalTo(403));
    given()
        .auth()
        .oauth2(Management.signer().token(someone))
        .post(Management.url() + "/v1/admin/resume")
        .then()
        .statusCode(403);
    // an operator token signed by another key, or for another audience
    given()
        .auth()
        .oauth2(io.soa.devstack.auth.DevTokens.generate().operatorToken(someone))
        .post(replay)
        .then()
        .statusCode(401);
    given()
        .auth()
        .oauth2(
            Management.signer()
                .token(
                    someone,
                    Duration.ofMinutes(5),
                    "soa",
                    "elsewhere",
                    List.of("operator"),
                    "RS256"))
        .post(replay)
        .then()
        .statusCode(401);

    // a replay can only go back: never past the published cursor (blocks would be skipped)
    long cursor = given().get("/v1/status").then().extract().<Number>path("cursor").longValue();
    // (a million blocks above: the cursor may still move while this runs, never that far)
    for (String bad :
        List.of(
            "?fromBlock=" + (cursor + 1_000_000),
            "?fromBlock=" + Long.MAX_VALUE,
            "?fromBlock=-1",
            "?fromBlock=abc",
            "",
            "?fromBlock=1&fromBlock=2")) {
      Management.asOperator()
          .post(Management.url() + "/v1/admin/replay" + bad)
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("detail", org.hamcrest.Matchers.startsWith("fromBlock"));
    }
    assertThat(given().get("/v1/status").then().extract().<Number>path("cursor").longValue())
        .isGreaterThanOrEqualTo(cursor);
  }

  @io.quarkus.test.common.http.TestHTTPResource("/")
  java.net.URL base;

  @Test
  void hostileRequestsToEveryOperationGetProblemDetailsNeverA5xx() throws Exception {
    var fuzzer =
        new io.soa.testing.ApiFuzzer(
            base.toString().replaceAll("/$", ""),
            Management.signer().operatorToken("0x" + "0a".repeat(20)),
            io.soa.devstack.auth.DevTokens.generate().operatorToken("0x" + "0a".repeat(20)),
            java.util.Map.of());
    assertThat(fuzzer.run()).as("%d requests", fuzzer.sent()).isEmpty();
    assertThat(fuzzer.sent()).isPositive();
    given().get("/q/health/live").then().statusCode(200);
  }
}
