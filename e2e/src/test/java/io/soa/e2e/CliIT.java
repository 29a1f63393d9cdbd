package io.soa.e2e;

import static io.soa.e2e.ClientIT.funded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.RepoRoot;
import io.soa.events.EventCodec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * {@code ./soa}'s user commands run as a user runs them, against the packaged suite, their output
 * checked: a payer's session (offers, a refused call, a paid call, the owner's earnings), a
 * seller's from publishing to the payee's release, and a tier with its terms bought and used.
 */
class CliIT extends OnSharedStack {
  /** {@code ./soa} as a user runs it, against this stack: its exit code and output. */
  static String[] soa(Map<String, String> env, String... args) throws Exception {
    List<String> cmd =
        new java.util.ArrayList<>(List.of(RepoRoot.find().resolve("soa").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(RepoRoot.find().toFile());
    pb.environment().putAll(env);
    pb.environment().put("SOA_GATEWAY_URL", GatewayIT.licensing);
    pb.environment().put("SOA_PAYMENTS_URL", GatewayIT.payments);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
    System.out.println("$ ./soa " + String.join(" ", args) + "\n" + out + err);
    return new String[] {Integer.toString(p.exitValue()), out, err};
  }

  @Test
  void aCliSessionReadsOffersPaysACallAndShowsTheOwnersEarnings() throws Exception {
    Credentials owner = DevAccounts.account(1);
    BigInteger model = GatewayIT.model(owner);
    BigInteger price = GatewayIT.PRICE;
    Credentials who = Credentials.create(Keys.createEcKeyPair());
    funded(who, price.multiply(BigInteger.TEN));
    Map<String, String> payer =
        Map.of(
            "SOA_PRIVATE_KEY",
            Numeric.toHexStringWithPrefixZeroPadded(who.getEcKeyPair().getPrivateKey(), 64));
    X402IT.offered(GatewayIT.licensing + "/v1/models/" + model + "/features/tokens/invoke", "{}");

    String[] offers = soa(Map.of(), "offers", model.toString());
    assertThat(offers[0]).isEqualTo("0");
    assertThat(offers[1])
        .contains("model " + model)
        .contains("tokens")
        .contains(price + " base units a call");

    // without a cap nothing is paid: refused with what to do
    String[] refused = soa(payer, "call", model.toString(), "tokens", "--data", "{}");
    assertThat(refused[0]).isEqualTo("1");
    assertThat(refused[2]).contains("soa: no-entitlement");

    String[] paid =
        soa(
            payer,
            "call",
            model.toString(),
            "tokens",
            "--data",
            "{\"text\": \"From the shell.\"}",
            "--max-price",
            price.toString(),
            "--json");
    assertThat(paid[0]).as(paid[2]).isEqualTo("0");
    JsonNode r = EventCodec.JSON.readTree(paid[1]);
    assertThat(r.path("status").asInt()).isEqualTo(200);
    assertThat(r.path("access").asText()).isEqualTo("x402");
    assertThat(r.path("paid").asText()).isEqualTo(price.toString());
    assertThat(r.path("transaction").asText()).matches("^0x[0-9a-f]{64}$");
    assertThat(r.at("/answer/echo/text").asText()).isEqualTo("From the shell.");
    assertThat(X402IT.balance(who.getAddress())).isEqualTo(price.multiply(BigInteger.valueOf(9)));

    // a key on the command line is not taken: only from the environment or a keystore
    String[] noKey = soa(Map.of(), "call", model.toString(), "tokens", "--max-price", "1");
    assertThat(noKey[0]).isEqualTo("2");
    assertThat(noKey[2]).contains("SOA_PRIVATE_KEY");

    // the owner's earnings: what x402 paid its model's payee
    Map<String, String> ownerKey =
        Map.of(
            "SOA_PRIVATE_KEY",
            Numeric.toHexStringWithPrefixZeroPadded(owner.getEcKeyPair().getPrivateKey(), 64));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              String[] e = soa(ownerKey, "earnings", "--json");
              assertThat(e[0]).isEqualTo("0");
              JsonNode earned = EventCodec.JSON.readTree(e[1]);
              JsonNode mine = null;
              for (JsonNode x : earned.path("x402")) {
                if (x.path("modelId").asText().equals(model.toString())) {
                  mine = x;
                }
              }
              assertThat(mine).isNotNull();
              assertThat(mine.path("exactPaid").asText()).isEqualTo(price.toString());
            });
    String[] words = soa(ownerKey, "earnings");
    assertThat(words[1]).contains("model " + model).contains("x402 exact " + price);
  }

  @Test
  void aSellerPublishesTokenizesAndPricesFromTheShellAndIsPaid() throws Exception {
    Credentials dev = GatewayIT.wallet(); // gas for its own transactions
    Map<String, String> seller =
        Map.of(
            "SOA_PRIVATE_KEY",
            Numeric.toHexStringWithPrefixZeroPadded(dev.getEcKeyPair().getPrivateKey(), 64),
            "SOA_CATALOG_URL",
            GatewayIT.catalog,
            "SOA_DEPLOYMENT",
            deploymentFile().toString());
    String[] published =
        soa(
            seller,
            "model",
            "publish",
            "--name",
            "Shell model",
            "--task",
            "text-classification",
            "--feature",
            "tokens",
            "--endpoint",
            GatewayIT.upstream.endpoint(),
            "--digest",
            "0x" + "cd".repeat(32),
            "--json");
    assertThat(published[0]).as(published[2]).isEqualTo("0");
    String id = EventCodec.JSON.readTree(published[1]).path("id").asText();
    String[] tokenized = soa(seller, "model", "tokenize", id, "--json");
    assertThat(tokenized[0]).as(tokenized[2]).isEqualTo("0");
    assertThat(tokenized[2]).contains("waiting for the transaction");
    String model = EventCodec.JSON.readTree(tokenized[1]).path("modelId").asText();
    BigInteger price = BigInteger.valueOf(3_000_000_000_000L);
    String[] priced = soa(seller, "model", "price", model, "tokens", price.toString());
    assertThat(priced[0]).as(priced[2]).isEqualTo("0");
    assertThat(priced[1]).contains("tokens of model " + model + " costs " + price);

    // a second wallet pays per call, from the shell
    Credentials who = Credentials.create(Keys.createEcKeyPair());
    funded(who, price.multiply(BigInteger.TEN));
    Map<String, String> payer =
        Map.of(
            "SOA_PRIVATE_KEY",
            Numeric.toHexStringWithPrefixZeroPadded(who.getEcKeyPair().getPrivateKey(), 64));
    awaitGateway(model, price); // the gateway has the price and the model's endpoint
    String[] call = soa(payer, "call", model, "tokens", "--max-price", price.toString(), "--json");
    assertThat(call[0]).as(call[2]).isEqualTo("0");
    assertThat(X402IT.balance(who.getAddress())).isEqualTo(price.multiply(BigInteger.valueOf(9)));

    // the owner sees it earned, and releases its payee to itself, less the fee
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                io.restassured.RestAssured.given()
                    .get(GatewayIT.payments + "/v1/earnings?owner=" + dev.getAddress())
                    .asString()
                    .contains("\"exactPaid\":\"" + price + "\""));
    assertThat(soa(seller, "earnings")[1])
        .contains("model " + model + ", payee")
        .contains("x402 exact " + price);
    BigInteger before = X402IT.balance(dev.getAddress());
    String[] released = soa(seller, "release", model, "--json");
    assertThat(released[0]).as(released[2]).isEqualTo("0");
    JsonNode r = EventCodec.JSON.readTree(released[1]);
    BigInteger paid = new BigInteger(r.path("paid").asText());
    BigInteger fee = new BigInteger(r.path("fee").asText());
    assertThat(paid.add(fee)).isEqualTo(price); // every wei of the call
    assertThat(X402IT.balance(dev.getAddress())).isEqualTo(before.add(paid));
    // released again: nothing is left, and the seller is told so (no transaction sent)
    String[] again = soa(seller, "release", model);
    assertThat(again[0]).isEqualTo("1");
    assertThat(again[2]).contains("soa: nothing-to-release");
  }

  static java.nio.file.Path deploymentFile() throws Exception {
    java.nio.file.Path f = java.nio.file.Files.createTempFile("deployment", ".json");
    GatewayIT.suite.stack.deployment().write(f);
    return f;
  }

  @Test
  void aTierWithTermsIsPutOnSaleBoughtUsedAndResoldFromTheShell() throws Exception {
    Credentials dev = GatewayIT.wallet();
    Map<String, String> seller = keyed(dev);
    String id =
        json(soa(
                seller,
                "model",
                "publish",
                "--name",
                "Licensed model",
                "--feature",
                "tokens",
                "--endpoint",
                GatewayIT.upstream.endpoint(),
                "--digest",
                "0x" + "ef".repeat(32),
                "--json"))
            .path("id")
            .asText();
    String model = json(soa(seller, "model", "tokenize", id, "--json")).path("modelId").asText();
    java.nio.file.Path terms = java.nio.file.Files.createTempFile("terms", ".md");
    java.nio.file.Files.writeString(terms, "# Terms\n\nThree calls of tokens, for a day.\n");
    String digest =
        json(soa(seller, "model", "terms", id, terms.toString(), "--json"))
            .path("termsDigest")
            .asText();
    assertThat(digest)
        .isEqualTo(
            Numeric.toHexString(
                org.web3j.crypto.Hash.sha3(java.nio.file.Files.readAllBytes(terms))));
    String tier =
        json(soa(
                seller,
                "model",
                "tier",
                model,
                "--price",
                "1000",
                "--duration",
                "86400",
                "--quota",
                "3",
                "--feature",
                "tokens",
                "--terms-digest",
                digest,
                "--json"))
            .path("tierId")
            .asText();

    Credentials buyer = GatewayIT.wallet();
    funded(buyer, BigInteger.valueOf(5_000));
    Map<String, String> buyerKey = keyed(buyer);
    String[] tooDear = soa(buyerKey, "licence", "buy", tier, "--max-price", "999");
    assertThat(tooDear[0]).isEqualTo("1");
    assertThat(tooDear[2]).contains("spending-cap-exceeded");
    String licence =
        json(soa(buyerKey, "licence", "buy", tier, "--max-price", "1000", "--json"))
            .path("licenseId")
            .asText();
    assertThat(X402IT.balance(buyer.getAddress())).isEqualTo(BigInteger.valueOf(4_000));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                io.restassured.RestAssured.given()
                    .get(GatewayIT.licensing + "/v1/entitlements?holder=" + buyer.getAddress())
                    .asString()
                    .contains("\"licenseId\":\"" + licence + "\""));
    assertThat(soa(buyerKey, "licence", "list")[1]).contains("licence " + licence + " ");
    awaitGateway(model, null);
    // served on the licence, no price given and nothing paid per call
    String[] served = soa(buyerKey, "call", model, "tokens", "--data", "{}");
    assertThat(served[0]).as(served[2]).isEqualTo("0");
    assertThat(served[1]).contains("on your licence");
    assertThat(soa(buyerKey, "licence", "list")[1]).contains("2 calls left");
    assertThat(X402IT.balance(buyer.getAddress())).isEqualTo(BigInteger.valueOf(4_000));

    // resold on the marketplace: a third wallet buys it, within its cap, with the calls left
    String listing =
        json(soa(buyerKey, "licence", "sell", licence, "--price", "1500", "--json"))
            .path("listingId")
            .asText();
    Credentials third = GatewayIT.wallet();
    funded(third, BigInteger.valueOf(1_500));
    Map<String, String> thirdKey = keyed(third);
    String[] tooDearAgain = soa(thirdKey, "market", "buy", listing, "--max-price", "1499");
    assertThat(tooDearAgain[0]).isEqualTo("1");
    assertThat(tooDearAgain[2]).contains("spending-cap-exceeded");
    assertThat(json(soa(thirdKey, "market", "buy", listing, "--max-price", "1500", "--json")))
        .hasToString("{\"paid\":\"1500\"}");
    assertThat(X402IT.balance(third.getAddress())).isZero();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                io.restassured.RestAssured.given()
                    .get(GatewayIT.licensing + "/v1/entitlements?holder=" + third.getAddress())
                    .asString()
                    .contains("\"licenseId\":\"" + licence + "\""));
    assertThat(soa(thirdKey, "licence", "list")[1])
        .contains("licence " + licence + " ")
        .contains("2 calls left");
  }

  /**
   * Waits until the gateway knows model {@code model} as the catalog registered it (its endpoint)
   * and, with {@code price}, its price per call for tokens: cheap HTTP polls, so each command of
   * the session runs once.
   */
  static void awaitGateway(String model, BigInteger price) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              var o =
                  io.restassured.RestAssured.given()
                      .get(GatewayIT.licensing + "/v1/models/" + model + "/offers");
              return o.statusCode() == 200
                  && o.jsonPath().getString("catalogId") != null
                  && (price == null
                      || o.jsonPath().getList("features.pricePerCall").contains(price.toString()));
            });
  }

  static Map<String, String> keyed(Credentials who) throws Exception {
    return Map.of(
        "SOA_PRIVATE_KEY",
        Numeric.toHexStringWithPrefixZeroPadded(who.getEcKeyPair().getPrivateKey(), 64),
        "SOA_CATALOG_URL",
        GatewayIT.catalog,
        "SOA_DEPLOYMENT",
        deploymentFile().toString());
  }

  static JsonNode json(String[] run) throws Exception {
    assertThat(run[0]).as(run[2]).isEqualTo("0");
    return EventCodec.JSON.readTree(run[1]);
  }
}
