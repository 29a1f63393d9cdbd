package io.soa.catalog.listener;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.soa.catalog.Auth;
import io.soa.events.ChainEvent;
import io.soa.events.EventCodec;
import io.soa.events.EventSchemas;
import io.soa.events.EventTypes;
import io.soa.events.Topics;
import io.soa.events.catalog.ListingChanged;
import io.soa.events.catalog.TokenSold;
import io.soa.events.chain.LicensePurchased;
import io.soa.events.chain.LicenseTransferred;
import io.soa.events.chain.Listed;
import io.soa.events.chain.ListingCancelled;
import io.soa.events.chain.ModelTokenized;
import io.soa.events.chain.ModelTransferred;
import io.soa.events.chain.Sold;
import io.soa.events.chain.TierCreated;
import io.soa.platform.types.Bytes32;
import io.soa.testing.SoaTestResource;
import io.soa.testing.TestDb;
import io.soa.testing.TopicReader;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The market mirror fed through a real broker: listings, cancellations and sales of model and
 * licence tokens shown in the market API and model search; a retracted sale reopens its listing
 * exactly and says so; a replay of every event twice changes nothing; a licence listed before its
 * purchase was consumed gets its model when it is; another marketplace's events are ignored.
 */
@QuarkusTest
@WithTestResource(
    value = SoaTestResource.class,
    initArgs = {
      @ResourceArg(name = "database", value = MarketMirrorTest.DB),
      @ResourceArg(name = "config.soa.chain.chain-id", value = "31337"),
      @ResourceArg(
          name = "config.soa.chain.contracts.model-registry",
          value = MarketMirrorTest.REGISTRY),
      @ResourceArg(
          name = "config.soa.chain.contracts.license-token",
          value = MarketMirrorTest.LICENSES),
      @ResourceArg(name = "config.soa.chain.contracts.marketplace", value = MarketMirrorTest.MARKET)
    })
class MarketMirrorTest {
  static final String DB = "catalog_market_test";
  // Addresses of this class's own, so classes sharing the broker never see each other's market.
  static final String REGISTRY = "0x3000000000000000000000000000000000000001";
  static final String LICENSES = "0x3000000000000000000000000000000000000002";
  static final String MARKET = "0x3000000000000000000000000000000000000003";
  static final String DEV = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
  static final String BUYER = "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65";
  static final String ERIN = "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc";
  static final String TREASURY = "0x976ea74026e726554db657fa54763abd0c3a0aa9";
  static final String ZERO = "0x0000000000000000000000000000000000000000";
  private static final AtomicLong TX = new AtomicLong(System.nanoTime());
  private static final AtomicLong BLOCK = new AtomicLong(100);

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String kafka;

  final List<Runnable> sent = new ArrayList<>();

  static String tx() {
    return "0x" + String.format("%064x", TX.incrementAndGet());
  }

  static String hash(String s) {
    return Bytes32.featureKey(s);
  }

  /** A model registered by DEV and tokenized as {@code token}: its catalog id. */
  String tokenizedModel(String name, long token) {
    String id =
        given()
            .auth()
            .oauth2(Auth.token(DEV))
            .contentType(ContentType.JSON)
            .body(
                "{\"name\": \""
                    + name
                    + "\", \"features\": [{\"id\": \"classify\"}, {\"id\": \"embed\"}]}")
            .post("/v1/models")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String catalogId = given().get("/v1/models/" + id).then().extract().path("catalogId");
    chain(
        Topics.CHAIN_MODELS,
        Long.toString(token),
        new ModelTokenized(
            31337,
            BLOCK.incrementAndGet(),
            hash("b" + token),
            tx(),
            0,
            false,
            REGISTRY,
            Long.toString(token),
            catalogId,
            DEV,
            "http://x",
            "0x" + "00".repeat(32),
            "250"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "tokenized".equals(given().get("/v1/models/" + id).path("state")));
    return id;
  }

  void chain(String topic, String key, ChainEvent e) {
    Runnable send =
        () ->
            TopicReader.send(
                kafka,
                topic,
                key,
                EventCodec.envelope(e.eventId(), "/chain-indexer", e, OffsetDateTime.now()));
    sent.add(send);
    send.run();
  }

  void market(ChainEvent e, String collection, long token) {
    chain(Topics.CHAIN_MARKET, collection + ":" + token, e);
  }

  static ChainEvent removed(ChainEvent e) {
    ObjectNode n = EventCodec.JSON.valueToTree(e);
    n.put("removed", true);
    return (ChainEvent) EventCodec.JSON.convertValue(n, e.getClass());
  }

  static Listed listed(
      String market, long listing, String collection, long token, String seller, long price) {
    return new Listed(
        31337,
        BLOCK.incrementAndGet(),
        hash("block" + BLOCK.get()),
        tx(),
        1,
        false,
        market,
        Long.toString(listing),
        collection,
        Long.toString(token),
        seller,
        Long.toString(price));
  }

  static Sold sold(
      long listing,
      String collection,
      long token,
      String seller,
      String buyer,
      long price,
      long royalty,
      long fee) {
    return new Sold(
        31337,
        BLOCK.incrementAndGet(),
        hash("block" + BLOCK.get()),
        tx(),
        2,
        false,
        MARKET,
        Long.toString(listing),
        collection,
        Long.toString(token),
        seller,
        buyer,
        Long.toString(price),
        DEV,
        Long.toString(royalty),
        Long.toString(fee));
  }

  static ListingCancelled cancelled(long listing, String collection, long token) {
    return new ListingCancelled(
        31337,
        BLOCK.incrementAndGet(),
        hash("block" + BLOCK.get()),
        tx(),
        0,
        false,
        MARKET,
        Long.toString(listing),
        collection,
        Long.toString(token));
  }

  static TierCreated tier(long model, long tier, int maxSupply, String termsDigest) {
    return new TierCreated(
        31337,
        BLOCK.incrementAndGet(),
        hash("block" + BLOCK.get()),
        tx(),
        0,
        false,
        LICENSES,
        Long.toString(tier),
        Long.toString(model),
        "50",
        "86400",
        "100",
        Integer.toString(maxSupply),
        true,
        termsDigest,
        List.of(hash("classify")));
  }

  static LicensePurchased purchase(long model, long tier, long licence, String buyer) {
    return new LicensePurchased(
        31337,
        BLOCK.incrementAndGet(),
        hash("block" + BLOCK.get()),
        tx(),
        1,
        false,
        LICENSES,
        Long.toString(licence),
        Long.toString(tier),
        Long.toString(model),
        buyer,
        buyer,
        DEV,
        "50",
        "1",
        "0",
        "100");
  }

  static String state(long model) throws Exception {
    return TestDb.column(
                DB,
                "SELECT listing_id || ':' || kind || ':' || status || ':' || price || ':' ||"
                    + " coalesce(model_token_id::text, '-') FROM market_listing WHERE"
                    + " marketplace = '"
                    + MARKET
                    + "' ORDER BY event_id")
            .toString()
        + TestDb.column(
            DB,
            "SELECT listing_id || ':' || price || ':' || buyer FROM market_sale ORDER BY event_id")
        + TestDb.column(
            DB, "SELECT tier_id || ':' || active FROM chain_tier WHERE model_token_id = " + model)
        + TestDb.column(
            DB,
            "SELECT license_id || ':' || holder FROM chain_licence WHERE model_token_id = "
                + model
                + " ORDER BY license_id")
        + TestDb.column(
            DB,
            "SELECT for_sale || ':' || coalesce(last_sale_price::text, '-') FROM model WHERE"
                + " token_id = "
                + model)
        + TestDb.count(
            DB, "SELECT count(*) FROM outbox WHERE event_type LIKE 'soa.catalog.%Listing%'")
        + TestDb.count(DB, "SELECT count(*) FROM outbox WHERE event_type LIKE '%TokenSold%'");
  }

  JsonPath marketOf(String id) {
    return given().get("/v1/models/" + id + "/market").then().statusCode(200).extract().jsonPath();
  }

  @Test
  void listingsAndSalesShowInTheMarketARetractedSaleReopensItsListingAndReplaysChangeNothing()
      throws Exception {
    long model = 7001;
    String id = tokenizedModel("Market model", model);
    String digest = hash("terms of tier 70011");

    // The developer lists the model token; a tier is created and two licences bought.
    Listed modelListing = listed(MARKET, 1, REGISTRY, model, DEV, 1_000);
    market(modelListing, REGISTRY, model);
    chain(Topics.CHAIN_LICENSES, "7001", tier(model, 70011, 10, digest));
    chain(Topics.CHAIN_LICENSES, "7001", purchase(model, 70011, 700101, BUYER));
    chain(Topics.CHAIN_LICENSES, "7001", purchase(model, 70011, 700102, ERIN));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(marketOf(id).getString("modelListing.listingId")).isEqualTo("1"));
    JsonPath listing = marketOf(id);
    assertThat(listing.getString("tokenId")).isEqualTo("7001");
    assertThat(listing.getString("modelListing.kind")).isEqualTo("model");
    assertThat(listing.getString("modelListing.seller")).isEqualTo(DEV);
    assertThat(listing.getString("modelListing.price")).isEqualTo("1000");
    assertThat(listing.getBoolean("modelListing.sellerHolds")).isTrue();
    assertThat(listing.getString("modelListing.modelId")).isEqualTo(id);
    assertThat(
            given()
                .queryParam("forSale", "true")
                .queryParam("q", "Market model")
                .get("/v1/models")
                .then()
                .statusCode(200)
                .extract()
                .<String>jsonPath()
                .getList("items.id"))
        .contains(id);

    // Both licence holders list theirs; ERIN cancels; the developer's model token sells.
    market(listed(MARKET, 2, LICENSES, 700101, BUYER, 300), LICENSES, 700101);
    market(listed(MARKET, 3, LICENSES, 700102, ERIN, 200), LICENSES, 700102);
    market(cancelled(3, LICENSES, 700102), LICENSES, 700102);
    Sold sale = sold(1, REGISTRY, model, DEV, ERIN, 1_000, 0, 25);
    market(sale, REGISTRY, model);
    ModelTransferred transfer =
        new ModelTransferred(
            31337,
            sale.blockNumber(),
            sale.blockHash(),
            sale.txHash(),
            3,
            false,
            REGISTRY,
            DEV,
            ERIN,
            Long.toString(model));
    chain(Topics.CHAIN_MODELS, "7001", transfer);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonPath m = marketOf(id);
              assertThat(m.getString("lastSale.price")).isEqualTo("1000");
              assertThat(m.getList("licenseListings.listingId")).containsExactly("2");
            });
    JsonPath after = marketOf(id);
    assertThat(after.getString("modelListing")).isNull();
    assertThat(after.getString("licenseFloorPrice")).isEqualTo("300");
    assertThat(after.getString("lastSale.buyer")).isEqualTo(ERIN);
    assertThat(after.getString("lastSale.fee")).isEqualTo("25");
    assertThat(after.getString("lastSale.kind")).isEqualTo("model");
    assertThat(after.getList("sales")).hasSize(1);
    // The listings API: open ones by default, closed ones with active=false, by price.
    assertThat(
            given()
                .queryParam("model", id)
                .get("/v1/listings")
                .then()
                .statusCode(200)
                .extract()
                .<String>jsonPath()
                .getList("items.listingId"))
        .containsExactly("2");
    assertThat(
            given()
                .queryParam("model", id)
                .queryParam("active", "false")
                .queryParam("sort", "price")
                .get("/v1/listings")
                .then()
                .extract()
                .<String>jsonPath()
                .getList("items.status"))
        .containsExactly("cancelled", "sold");
    assertThat(
            given()
                .queryParam("sort", "lastSalePrice")
                .queryParam("forSale", "true")
                .queryParam("q", "Market model")
                .get("/v1/models")
                .then()
                .statusCode(200)
                .extract()
                .<String>jsonPath()
                .getList("items.id"))
        .contains(id);
    // Its tier, from the chain: two of ten sold, its terms not published.
    JsonPath tiers =
        given().get("/v1/models/" + id + "/tiers").then().statusCode(200).extract().jsonPath();
    assertThat(tiers.getString("[0].tierId")).isEqualTo("70011");
    assertThat(tiers.getLong("[0].sold")).isEqualTo(2);
    assertThat(tiers.getLong("[0].supplyLeft")).isEqualTo(8);
    assertThat(tiers.getList("[0].features")).containsExactly("classify");
    assertThat(tiers.getBoolean("[0].termsPublished")).isFalse();
    assertThat(tiers.getString("[0].terms")).isEqualTo("terms not published");

    // Replaying every event twice changes nothing.
    String end = state(model);
    List<Runnable> once = List.copyOf(sent);
    for (int round = 0; round < 2; round++) {
      once.forEach(Runnable::run);
    }
    awaitMarkers();
    assertThat(state(model)).isEqualTo(end);

    // A reorg retracts the sale and the transfer in it (newest first): the listing is open again,
    // sold by the developer who holds the token again; the sale is gone and said to be.
    chain(Topics.CHAIN_MODELS, "7001", removed(transfer));
    ChainEvent saleRetraction = removed(sale);
    market(saleRetraction, REGISTRY, model);
    String removedSale =
        io.soa.platform.outbox.Outbox.derivedId(saleRetraction.eventId(), TokenSold.TYPE);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(marketOf(id).getString("modelListing.listingId")).isEqualTo("1"));
    JsonPath reopened = marketOf(id);
    assertThat(reopened.getString("lastSale")).isNull();
    assertThat(reopened.getList("sales")).isEmpty();
    assertThat(reopened.getBoolean("modelListing.sellerHolds")).isTrue();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                TestDb.column(
                        DB,
                        "SELECT for_sale || ':' || coalesce(last_sale_price::text, '-')"
                            + " FROM model WHERE token_id = 7001")
                    .equals(List.of("true:-")));

    // What the catalog said, on its market topic and valid against the schemas.
    var out =
        TopicReader.readUntil(
            kafka,
            Topics.CATALOG_MARKET,
            r ->
                r.stream().filter(x -> x.event().getType().equals(TokenSold.TYPE)).count() >= 2
                    && r.stream().anyMatch(x -> x.event().getId().startsWith(removedSale)),
            Duration.ofSeconds(30));
    List<String> saleEvents = new ArrayList<>();
    List<String> listingOne = new ArrayList<>();
    for (var r : out) {
      var type = EventTypes.byType(r.event().getType()).orElseThrow();
      byte[] data = r.event().getData().toBytes();
      assertThat(EventSchemas.violations(type, data)).as(r.event().getType()).isEmpty();
      Object e = EventCodec.data(r.event(), type);
      if (e instanceof TokenSold s && id.equals(s.modelId())) {
        saleEvents.add(s.price() + ":" + s.reverted());
      }
      if (e instanceof ListingChanged l && id.equals(l.modelId()) && l.kind().equals("model")) {
        listingOne.add(l.status());
        assertThat(r.key()).isEqualTo(REGISTRY + ":7001");
      }
    }
    assertThat(saleEvents).containsExactly("1000:false", "1000:true");
    assertThat(listingOne).containsExactly("active", "sold", "active");
  }

  @Test
  void aLicenceListedBeforeItsPurchaseIsConsumedGetsItsModelWhenItIs() throws Exception {
    long model = 7002;
    String id = tokenizedModel("Early listing", model);
    market(listed(MARKET, 10, LICENSES, 700201, BUYER, 90), LICENSES, 700201);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                TestDb.count(DB, "SELECT count(*) FROM market_listing WHERE listing_id = 10") == 1);
    assertThat(marketOf(id).getList("licenseListings")).isEmpty(); // its model is not known yet
    chain(Topics.CHAIN_LICENSES, "7002", tier(model, 70021, 0, hash("t")));
    chain(Topics.CHAIN_LICENSES, "7002", purchase(model, 70021, 700201, BUYER));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(marketOf(id).getList("licenseListings.listingId"))
                    .containsExactly("10"));
    assertThat(marketOf(id).getBoolean("licenseListings[0].sellerHolds")).isTrue();
    assertThat(marketOf(id).getString("licenseFloorPrice")).isEqualTo("90");
    // Transferred away outside the market: the listing stays open but cannot be bought.
    chain(
        Topics.CHAIN_LICENSES,
        "7002",
        new LicenseTransferred(
            31337,
            BLOCK.incrementAndGet(),
            hash("x"),
            tx(),
            0,
            false,
            LICENSES,
            BUYER,
            ERIN,
            "700201"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(marketOf(id).getBoolean("licenseListings[0].sellerHolds")).isFalse());
    assertThat(marketOf(id).getString("licenseFloorPrice")).isNull();
    JsonPath tiers = given().get("/v1/models/" + id + "/tiers").then().extract().jsonPath();
    assertThat(tiers.getString("[0].supplyLeft")).isNull(); // unlimited
    assertThat(tiers.getList("[0].features")).containsExactly("classify");
  }

  @Test
  void anotherMarketplacesOrChainsEventsAreIgnored() throws Exception {
    long model = 7003;
    String id = tokenizedModel("Not our market", model);
    String other = "0x3000000000000000000000000000000000000009";
    market(listed(other, 20, REGISTRY, model, DEV, 5), REGISTRY, model);
    Listed otherChain =
        new Listed(
            5,
            BLOCK.incrementAndGet(),
            hash("c"),
            tx(),
            0,
            false,
            MARKET,
            "21",
            REGISTRY,
            Long.toString(model),
            DEV,
            "5");
    market(otherChain, REGISTRY, model);
    awaitMarkers();
    assertThat(TestDb.count(DB, "SELECT count(*) FROM market_listing WHERE token_id = " + model))
        .isZero();
    assertThat(marketOf(id).getString("modelListing")).isNull();
    given().get("/v1/models/" + java.util.UUID.randomUUID() + "/market").then().statusCode(404);
  }

  @Test
  void termsArePublishedOnlyUnderTheirOwnDigestByTheOwnerAndTheTiersLinkThem() throws Exception {
    long model = 7004;
    String id = tokenizedModel("Terms model", model);
    byte[] terms =
        "# Licence\n\nUse for any purpose; no resale of outputs. \u00e9\n"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String digest = "0x" + java.util.HexFormat.of().formatHex(org.web3j.crypto.Hash.sha3(terms));
    String unpublished = hash("other terms");
    chain(Topics.CHAIN_LICENSES, "7004", tier(model, 70041, 5, digest));
    chain(Topics.CHAIN_LICENSES, "7004", tier(model, 70042, 5, unpublished));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> given().get("/v1/models/" + id + "/tiers").jsonPath().getList("$").size() == 2);
    String path = "/v1/models/" + id + "/terms/";
    String owner = Auth.token(DEV);

    // Refused: no token, not the owner, another document's digest, not a digest, too large,
    // not UTF-8, empty; and nothing is stored.
    given().contentType("text/markdown").body(terms).put(path + digest).then().statusCode(401);
    given()
        .auth()
        .oauth2(Auth.token(ERIN))
        .contentType("text/markdown")
        .body(terms)
        .put(path + digest)
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(owner)
        .contentType("text/markdown")
        .body(terms)
        .put(path + unpublished)
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("type", org.hamcrest.Matchers.endsWith("#terms-digest-mismatch"));
    given()
        .auth()
        .oauth2(owner)
        .contentType("text/markdown")
        .body(terms)
        .put(path + "0x1234")
        .then()
        .statusCode(400);
    byte[] big = new byte[65_537];
    java.util.Arrays.fill(big, (byte) 'a');
    given()
        .auth()
        .oauth2(owner)
        .contentType("text/markdown")
        .body(big)
        .put(path + "0x" + java.util.HexFormat.of().formatHex(org.web3j.crypto.Hash.sha3(big)))
        .then()
        .statusCode(413);
    byte[] latin1 = {(byte) 0xe9, 'x'};
    given()
        .auth()
        .oauth2(owner)
        .contentType("text/markdown")
        .body(latin1)
        .put(path + "0x" + java.util.HexFormat.of().formatHex(org.web3j.crypto.Hash.sha3(latin1)))
        .then()
        .statusCode(400);
    given().get(path + digest).then().statusCode(404).contentType("application/problem+json");
    assertThat(TestDb.count(DB, "SELECT count(*) FROM terms_document")).isZero();

    // The owner publishes; again changes nothing; anyone reads exactly those bytes.
    given()
        .auth()
        .oauth2(owner)
        .contentType("text/markdown")
        .body(terms)
        .put(path + digest.toUpperCase().replace("0X", "0x"))
        .then()
        .statusCode(201);
    given()
        .auth()
        .oauth2(owner)
        .contentType("text/markdown")
        .body(terms)
        .put(path + digest)
        .then()
        .statusCode(200);
    byte[] read =
        given()
            .get(path + digest)
            .then()
            .statusCode(200)
            .contentType(org.hamcrest.Matchers.startsWith("text/markdown"))
            .header("ETag", org.hamcrest.Matchers.containsString(digest))
            .extract()
            .asByteArray();
    assertThat(read).isEqualTo(terms);
    assertThat(TestDb.count(DB, "SELECT count(*) FROM terms_document")).isEqualTo(1);

    JsonPath tiers = given().get("/v1/models/" + id + "/tiers").then().extract().jsonPath();
    assertThat(tiers.getBoolean("[0].termsPublished")).isTrue();
    assertThat(tiers.getString("[0].terms")).isEqualTo(path + digest);
    assertThat(tiers.getString("[1].terms")).isEqualTo("terms not published");
    assertThat(tiers.getString("[0].supplyLeft")).isEqualTo("5");
  }

  /**
   * Sends a no-op event after each partition's records (same key) and waits until each is in the
   * inbox: everything sent before it on that key was consumed.
   */
  void awaitMarkers() throws Exception {
    List<String> ids = new ArrayList<>();
    for (long token : List.of(7001L, 7002L, 7003L)) {
      ListingCancelled none = cancelled(999_999, REGISTRY, token);
      market(none, REGISTRY, token);
      ids.add(none.eventId());
    }
    for (long licence : List.of(700101L, 700102L, 700201L)) {
      ListingCancelled none = cancelled(999_999, LICENSES, licence);
      market(none, LICENSES, licence);
      ids.add(none.eventId());
    }
    LicenseTransferred none =
        new LicenseTransferred(
            31337,
            BLOCK.incrementAndGet(),
            hash("n"),
            tx(),
            0,
            false,
            LICENSES,
            ERIN,
            ZERO,
            "999999");
    chain(Topics.CHAIN_LICENSES, "7001", none);
    ids.add(none.eventId());
    String in = String.join("','", ids);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                TestDb.count(DB, "SELECT count(*) FROM inbox WHERE event_id IN ('" + in + "')")
                    == ids.size());
  }
}
