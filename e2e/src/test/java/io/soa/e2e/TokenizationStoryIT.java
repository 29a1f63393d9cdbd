package io.soa.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.soa.contracts.generated.Marketplace;
import io.soa.contracts.generated.ModelRegistry;
import io.soa.contracts.generated.SOAToken;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.DevChain;
import io.soa.events.Topics;
import io.soa.testing.TopicReader;
import io.soa.testing.TopicReader.Received;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The walking skeleton end to end, on the packaged services as {@code ./soa up} runs them: register
 * over HTTP, tokenize from the developer's wallet on anvil, the indexer publishes the log, the
 * catalog marks the model tokenized and announces it; a redelivered chain event changes nothing.
 */
class TokenizationStoryIT {
  static Suite suite;
  static String catalog;

  @BeforeAll
  static void startSuite() {
    suite = Suite.shared();
    catalog = suite.url("catalog-service");
  }

  @Test
  void everyServiceIsHealthyAndDescribesItself() {
    suite
        .stack
        .urls()
        .forEach(
            (name, url) -> {
              for (String probe : List.of("live", "ready", "started")) {
                given()
                    .get(url + "/q/health/" + probe)
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("UP"));
              }
              given()
                  .accept("application/json")
                  .get(url + "/q/openapi")
                  .then()
                  .statusCode(200)
                  .body("info.title", containsString(name));
              given()
                  .get(suite.stack.metricsUrl(name))
                  .then()
                  .statusCode(200)
                  .body(containsString("jvm_"));
            });
  }

  @Test
  void registeredModelIsTokenizedOnChainAndMirroredOnce() {
    Credentials developer = DevAccounts.account(2);
    String id = register("Story model", developer.getAddress());
    JsonPath before = get(id);
    assertThat(before.getString("state")).isEqualTo("draft");
    String catalogId = before.getString("catalogId");

    TransactionReceipt receipt = tokenize(developer, catalogId);
    String tokenId = ModelRegistry.getModelTokenizedEvents(receipt).get(0).modelId.toString();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(get(id).getString("state")).isEqualTo("tokenized"));
    JsonPath m = get(id);
    assertThat(m.getLong("token.chainId")).isEqualTo(suite.stack.deployment().chainId());
    assertThat(m.getString("token.contract"))
        .isEqualTo(suite.stack.deployment().address("ModelRegistry").toLowerCase());
    assertThat(m.getString("token.tokenId")).isEqualTo(tokenId);
    assertThat(m.getString("token.owner")).isEqualTo(developer.getAddress().toLowerCase());
    assertThat(m.getString("token.txHash")).isEqualTo(receipt.getTransactionHash());
    String updatedAt = m.getString("updatedAt");

    // The chain event as the indexer published it: deterministic id, keyed by model id.
    String chainEventId =
        suite.stack.deployment().chainId()
            + ":"
            + receipt.getTransactionHash()
            + ":"
            + ModelRegistry.getModelTokenizedEvents(receipt).get(0).log.getLogIndex();
    Received chainEvent = find(Topics.CHAIN_MODELS, r -> r.event().getId().equals(chainEventId));
    assertThat(chainEvent.key()).isEqualTo(tokenId);

    // Redeliver it, then tokenize a marker model: once the marker is mirrored, the duplicate
    // has been consumed too (the indexer publishes in chain order, same partition key space).
    TopicReader.send(
        suite.stack.kafkaBootstrap(), Topics.CHAIN_MODELS, chainEvent.key(), chainEvent.event());
    String marker = register("Marker model", developer.getAddress());
    TransactionReceipt markerReceipt = tokenize(developer, get(marker).getString("catalogId"));
    assertThat(markerReceipt.isStatusOK()).isTrue();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(get(marker).getString("state")).isEqualTo("tokenized"));
    // Same key as the duplicate, so consumed after it on the same partition:
    TopicReader.send(
        suite.stack.kafkaBootstrap(), Topics.CHAIN_MODELS, chainEvent.key(), chainEvent.event());

    List<Received> catalogEvents =
        TopicReader.readUntil(
            suite.stack.kafkaBootstrap(),
            Topics.CATALOG_MODELS,
            rs ->
                rs.stream()
                    .anyMatch(
                        r ->
                            marker.equals(r.key())
                                && r.event()
                                    .getType()
                                    .equals(io.soa.events.catalog.ModelTokenized.TYPE)),
            Duration.ofSeconds(30));
    assertThat(
            catalogEvents.stream()
                .filter(
                    r ->
                        id.equals(r.key())
                            && r.event()
                                .getType()
                                .equals(io.soa.events.catalog.ModelTokenized.TYPE)))
        .hasSize(1);
    assertThat(
            catalogEvents.stream()
                .filter(
                    r ->
                        id.equals(r.key())
                            && r.event()
                                .getType()
                                .equals(io.soa.events.catalog.ModelRegistered.TYPE)))
        .hasSize(1);
    JsonPath after = get(id);
    assertThat(after.getString("updatedAt")).isEqualTo(updatedAt);
    assertThat(after.getString("token.txHash")).isEqualTo(receipt.getTransactionHash());
  }

  @Test
  void ownerPricesAndDigestFollowTheChainAndWriteRightsMoveWithTheToken() throws Exception {
    Credentials developer = DevAccounts.account(1);
    Credentials buyer =
        Credentials.create(org.web3j.crypto.Keys.createEcKeyPair()); // sends nothing
    String id = register("Sold model", developer.getAddress());
    TransactionReceipt minted = tokenize(developer, get(id).getString("catalogId"));
    BigInteger tokenId = ModelRegistry.getModelTokenizedEvents(minted).get(0).modelId;
    ModelRegistry asDeveloper =
        ModelRegistry.load(
            suite.stack.deployment().address("ModelRegistry"),
            suite.web3j,
            Chain.txManager(suite.web3j, developer),
            Chain.DEV_GAS);
    // the on-chain key of the catalog feature "classify", computed here independently
    byte[] classify =
        org.web3j.utils.Numeric.hexStringToByteArray(org.web3j.crypto.Hash.sha3String("classify"));
    asDeveloper.setUsagePrice(tokenId, classify, BigInteger.valueOf(2_500)).send();
    asDeveloper.setMetadata(tokenId, "ipfs://new", HexFormat.of().parseHex("cd".repeat(32))).send();
    asDeveloper.transferFrom(developer.getAddress(), buyer.getAddress(), tokenId).send();

    String buyerAddress = buyer.getAddress().toLowerCase();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(get(id).getString("owner")).isEqualTo(buyerAddress));
    JsonPath m = get(id);
    assertThat(m.getString("usagePrices[0].featureId")).isEqualTo("classify");
    assertThat(m.getString("usagePrices[0].pricePerCall")).isEqualTo("2500");
    assertThat(m.getString("token.metadataUri")).isEqualTo("ipfs://new");
    assertThat(m.getBoolean("digestMismatch")).isTrue(); // registered 0xabab…, chain now 0xcdcd…

    String etag = given().get(catalog + "/v1/models/" + id).then().extract().header("ETag");
    given()
        .auth()
        .oauth2(suite.stack.tokens().token(developer.getAddress().toLowerCase()))
        .contentType("application/merge-patch+json")
        .header("If-Match", etag)
        .body("{\"summary\": \"not mine any more\"}")
        .patch(catalog + "/v1/models/" + id)
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(suite.stack.tokens().token(buyerAddress))
        .contentType("application/merge-patch+json")
        .header("If-Match", etag)
        .body("{\"summary\": \"bought it\"}")
        .patch(catalog + "/v1/models/" + id)
        .then()
        .statusCode(200)
        .body("summary", equalTo("bought it"));
  }

  @Test
  void aStrangersEarlierTokenizeNeitherBlocksTheDeveloperNorWinsTheCatalog() throws Exception {
    Credentials developer = DevAccounts.account(3);
    String id = register("Front-run", developer.getAddress());
    String catalogId = get(id).getString("catalogId");
    // the catalog id is public: a stranger mints first
    TransactionReceipt stolen = tokenize(DevAccounts.account(4), catalogId);
    assertThat(stolen.isStatusOK()).isTrue();
    TransactionReceipt own = tokenize(developer, catalogId);
    assertThat(own.isStatusOK()).isTrue();
    String ownId = ModelRegistry.getModelTokenizedEvents(own).get(0).modelId.toString();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "tokenized".equals(get(id).getString("state")));
    JsonPath m = get(id);
    assertThat(m.getString("token.tokenId")).isEqualTo(ownId);
    assertThat(m.getString("token.owner")).isEqualTo(developer.getAddress().toLowerCase());
    // and the developer cannot mint a second token of it
    assertThat(tokenize(developer, catalogId).isStatusOK()).isFalse();
  }

  @Test
  void aWalletSignsInWithEthereumAndItsTokenWritesToTheCatalog() {
    Credentials wallet = DevAccounts.account(4);
    String licensing = suite.url("licensing-service");
    JsonPath n =
        given().post(licensing + "/v1/auth/nonce").then().statusCode(200).extract().jsonPath();
    String message =
        n.getString("domain")
            + " wants you to sign in with your Ethereum account:\n"
            + org.web3j.crypto.Keys.toChecksumAddress(wallet.getAddress())
            + "\n\nSign in to SOA.\n\nURI: "
            + n.getString("uri")
            + "\nVersion: 1\nChain ID: "
            + n.getLong("chainId")
            + "\nNonce: "
            + n.getString("nonce")
            + "\nIssued At: "
            + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    var sig =
        org.web3j.crypto.Sign.signPrefixedMessage(
            message.getBytes(java.nio.charset.StandardCharsets.UTF_8), wallet.getEcKeyPair());
    String signature =
        org.web3j.utils.Numeric.toHexString(sig.getR())
            + org.web3j.utils.Numeric.toHexStringNoPrefix(sig.getS())
            + org.web3j.utils.Numeric.toHexStringNoPrefix(sig.getV());
    String token =
        given()
            .contentType(ContentType.JSON)
            .body(java.util.Map.of("message", message, "signature", signature))
            .post(licensing + "/v1/auth/siwe")
            .then()
            .statusCode(200)
            .extract()
            .path("token");
    // the catalog takes the sign-in token for the wallet's own writes, and only for them
    String body =
        """
        {"name": "Signed in %s", "description": "siwe", "task": "text-classification",
         "framework": "onnx", "features": [{"id": "classify"}],
         "endpointUrl": "https://models.example.com/siwe", "artifactDigest": "0x%s",
         "developer": "%s"}""";
    given()
        .contentType(ContentType.JSON)
        .auth()
        .oauth2(token)
        .body(body.formatted(java.util.UUID.randomUUID(), "cd".repeat(32), wallet.getAddress()))
        .post(catalog + "/v1/models")
        .then()
        .statusCode(201);
    given()
        .contentType(ContentType.JSON)
        .auth()
        .oauth2(token)
        .body(
            body.formatted(
                java.util.UUID.randomUUID(), "cd".repeat(32), DevAccounts.account(1).getAddress()))
        .post(catalog + "/v1/models")
        .then()
        .statusCode(403);
  }

  /**
   * On the real chain through the indexer: the developer lists the model token and a buyer buys it;
   * the catalog shows the sale and the new owner. Then a reorg drops the block of the sale: the
   * indexer retracts it, and the catalog shows the listing open again and no sale.
   */
  @Test
  void aMarketplaceSaleShowsInTheCatalogAndAReorgThatDropsItReopensTheListing() throws Exception {
    DevChain dev =
        new DevChain(new org.web3j.protocol.http.HttpService(suite.stack.deployment().rpcUrl()));
    Credentials developer = Credentials.create(org.web3j.crypto.Keys.createEcKeyPair());
    Credentials buyer = Credentials.create(org.web3j.crypto.Keys.createEcKeyPair());
    dev.setBalance(developer.getAddress(), BigInteger.TEN.pow(19)); // gas (a local chain only)
    dev.setBalance(buyer.getAddress(), BigInteger.TEN.pow(19));
    String id = register("Market model", developer.getAddress());
    TransactionReceipt minted = tokenize(developer, get(id).getString("catalogId"));
    BigInteger tokenId = ModelRegistry.getModelTokenizedEvents(minted).get(0).modelId;
    String market = suite.stack.deployment().address("Marketplace");
    BigInteger price = BigInteger.valueOf(3_000_000);
    suite
        .as(SOAToken.class, "SOAToken", DevAccounts.deployer())
        .mint(buyer.getAddress(), price)
        .send();
    suite.as(SOAToken.class, "SOAToken", buyer).approve(market, price).send();
    suite.as(ModelRegistry.class, "ModelRegistry", developer).approve(market, tokenId).send();
    BigInteger listing =
        Marketplace.getListedEvents(
                suite
                    .as(Marketplace.class, "Marketplace", developer)
                    .list(suite.stack.deployment().address("ModelRegistry"), tokenId, price)
                    .send())
            .get(0)
            .listingId;
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> market(id).getString("modelListing.listingId") != null);
    assertThat(market(id).getString("modelListing.price")).isEqualTo(price.toString());
    assertThat(
            given()
                .queryParam("forSale", "true")
                .queryParam("owner", developer.getAddress().toLowerCase())
                .get(catalog + "/v1/models")
                .then()
                .extract()
                .<String>jsonPath()
                .getList("items.id"))
        .contains(id);

    TransactionReceipt bought =
        suite.as(Marketplace.class, "Marketplace", buyer).buy(listing).send();
    String buyerAddress = buyer.getAddress().toLowerCase();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(market(id).getList("sales")).hasSize(1));
    JsonPath sold = market(id);
    assertThat(sold.getString("modelListing")).isNull();
    assertThat(sold.getString("lastSale.buyer")).isEqualTo(buyerAddress);
    assertThat(sold.getString("lastSale.price")).isEqualTo(price.toString());
    assertThat(sold.getString("lastSale.txHash")).isEqualTo(bought.getTransactionHash());
    long fee = Long.parseLong(sold.getString("lastSale.fee"));
    assertThat(fee).isEqualTo(price.longValueExact() * suite.stack.deployment().feeBps() / 10_000);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(get(id).getString("owner")).isEqualTo(buyerAddress));

    // The sale's block leaves the chain (replaced by an empty one) and the chain moves on.
    assertThat(dev.blockNumber()).isEqualTo(bought.getBlockNumber());
    dev.reorg(1, List.of());
    dev.mine(2);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonPath m = market(id);
              assertThat(m.getList("sales")).isEmpty();
              assertThat(m.getString("modelListing.listingId")).isEqualTo(listing.toString());
              assertThat(m.getBoolean("modelListing.sellerHolds")).isTrue();
            });
    assertThat(get(id).getString("owner")).isEqualTo(developer.getAddress().toLowerCase());
    assertThat(
            given()
                .queryParam("model", id)
                .get(catalog + "/v1/listings")
                .then()
                .statusCode(200)
                .extract()
                .<String>jsonPath()
                .getList("items.status"))
        .containsExactly("active");
  }

  static JsonPath market(String id) {
    return given()
        .get(catalog + "/v1/models/" + id + "/market")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  static String register(String name, String developer) {
    return given()
        .contentType(ContentType.JSON)
        .auth()
        .oauth2(suite.stack.tokens().token(developer.toLowerCase()))
        .body(
            """
            {"name": "%s", "description": "end-to-end", "task": "text-classification",
             "framework": "onnx", "tags": ["e2e"], "features": [{"id": "classify"}],
             "endpointUrl": "https://models.example.com/e2e",
             "artifactDigest": "0x%s", "developer": "%s"}"""
                .formatted(name, "ab".repeat(32), developer))
        .post(catalog + "/v1/models")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  static JsonPath get(String id) {
    return given().get(catalog + "/v1/models/" + id).then().statusCode(200).extract().jsonPath();
  }

  static TransactionReceipt tokenize(Credentials developer, String catalogId) {
    ModelRegistry registry =
        ModelRegistry.load(
            suite.stack.deployment().address("ModelRegistry"),
            suite.web3j,
            Chain.txManager(suite.web3j, developer),
            Chain.DEV_GAS);
    try {
      return registry
          .tokenize(
              HexFormat.of().parseHex(catalogId.substring(2)),
              catalog + "/v1/models/" + Bytes.uuidOf(catalogId) + "/token-metadata",
              HexFormat.of().parseHex("ab".repeat(32)),
              BigInteger.valueOf(500))
          .send();
    } catch (org.web3j.protocol.exceptions.TransactionException e) {
      return e.getTransactionReceipt().orElseThrow(() -> new IllegalStateException(e));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Received find(String topic, java.util.function.Predicate<Received> p) {
    List<Received> rs =
        TopicReader.readUntil(
            suite.stack.kafkaBootstrap(),
            topic,
            l -> l.stream().anyMatch(p),
            Duration.ofSeconds(30));
    return rs.stream()
        .filter(p)
        .findFirst()
        .orElseThrow(() -> new AssertionError("not found on " + topic + " among " + rs.size()));
  }

  /** Small helper: the UUID text of a catalog id. */
  static final class Bytes {
    static String uuidOf(String catalogId) {
      String h = catalogId.substring(34);
      return h.substring(0, 8)
          + "-"
          + h.substring(8, 12)
          + "-"
          + h.substring(12, 16)
          + "-"
          + h.substring(16, 20)
          + "-"
          + h.substring(20);
    }
  }
}
