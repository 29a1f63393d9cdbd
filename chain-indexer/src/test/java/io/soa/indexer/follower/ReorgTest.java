package io.soa.indexer.follower;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.soa.contracts.generated.ModelRegistry;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.DevChain;
import io.soa.testing.ChainAudit;
import io.soa.testing.SoaTestResource;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * Reorgs made with anvil: after each, the topics' view (events minus retractions) equals
 * eth_getLogs of the canonical chain. Window of 8 blocks here, so "the window" and "window+1" are
 * cheap to reach.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithTestResource(
    value = SoaTestResource.class,
    initArgs = {
      @ResourceArg(name = "database", value = "indexer_reorg_test"),
      @ResourceArg(name = "chain", value = "true"),
      @ResourceArg(name = "config.soa.chain.reorg-window", value = "8"),
      @ResourceArg(name = "config.soa.chain.poll-interval", value = "100ms")
    })
class ReorgTest {
  static final AtomicInteger CATALOG = new AtomicInteger(1000);
  static final Credentials A = DevAccounts.account(1);
  static final Credentials B = DevAccounts.account(2);

  @ConfigProperty(name = "soa.chain.rpc-url")
  String rpcUrl;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String kafka;

  @ConfigProperty(name = "soa.chain.contracts.model-registry")
  String registryAt;

  Web3j web3j() {
    return Web3j.build(new HttpService(rpcUrl));
  }

  DevChain dev() {
    return new DevChain(new HttpService(rpcUrl));
  }

  /**
   * Signs and sends a tokenize from {@code who}; returns the raw transaction (to re-include it).
   */
  String tokenize(Credentials who) throws Exception {
    Web3j w = web3j();
    BigInteger nonce =
        w.ethGetTransactionCount(who.getAddress(), DefaultBlockParameterName.PENDING)
            .send()
            .getTransactionCount();
    byte[] catalogId = new byte[32];
    int n = CATALOG.incrementAndGet();
    catalogId[16] = 0x77;
    catalogId[30] = (byte) (n >> 8);
    catalogId[31] = (byte) n;
    String data =
        ModelRegistry.load(registryAt, w, Chain.txManager(w, who), Chain.DEV_GAS)
            .tokenize(catalogId, "r", new byte[32], BigInteger.ZERO)
            .encodeFunctionCall();
    RawTransaction tx =
        RawTransaction.createTransaction(
            nonce,
            BigInteger.valueOf(2_000_000_000L),
            BigInteger.valueOf(500_000),
            registryAt,
            BigInteger.ZERO,
            data);
    String raw = Numeric.toHexString(TransactionEncoder.signMessage(tx, 31337, who));
    String hash = w.ethSendRawTransaction(raw).send().getTransactionHash();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> w.ethGetTransactionReceipt(hash).send().getTransactionReceipt().isPresent());
    w.shutdown();
    return raw;
  }

  long head() throws Exception {
    Web3j w = web3j();
    long h = w.ethBlockNumber().send().getBlockNumber().longValueExact();
    w.shutdown();
    return h;
  }

  JsonPath status() {
    return given().get("/v1/status").then().statusCode(200).extract().jsonPath();
  }

  /** Waits until the indexer stands at the head, then requires the topics to equal the chain. */
  ChainAudit.Report awaitExact() throws Exception {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              JsonPath s = status();
              return s.getLong("cursor") == head() && "following".equals(s.getString("state"));
            });
    Web3j w = web3j();
    ChainAudit.Report r = TestChain.audit(w);
    w.shutdown();
    assertThat(r.exact()).as("audit %s", r).isTrue();
    assertThat(r.lost()).as("lost").isEmpty();
    assertThat(r.diverged()).as("diverged").isEmpty();
    assertThat(r.duplicatesAfterDedupe()).as("duplicates").isEmpty();
    assertThat(r.fieldMismatches()).as("fields").isEmpty();
    return r;
  }

  @Test
  @Order(1)
  void depthOneDropsTheLastBlocksEvents() throws Exception {
    for (int i = 0; i < 3; i++) {
      tokenize(A);
    }
    int before = awaitExact().view();
    tokenize(A);
    assertThat(awaitExact().view())
        .isEqualTo(before + 2); // ModelTokenized + ModelTransferred (mint)
    dev().reorg(1, List.of());
    ChainAudit.Report r = awaitExact();
    assertThat(r.view()).isEqualTo(before);
    assertThat(status().getLong("lastReorg.depth")).isEqualTo(1);
  }

  @Test
  @Order(2)
  void depthFiveWithTransactionsReorderedReincludedAndDropped() throws Exception {
    String r1 = tokenize(A);
    String r2 = tokenize(B);
    tokenize(A); // depends on r1's nonce: dropped with the old branch
    dev().mine();
    dev().mine();
    int before = awaitExact().view();
    List<List<Object>> reinclude = new ArrayList<>();
    reinclude.add(List.of(r2, 0)); // B's now first...
    reinclude.add(List.of(r1, 1)); // ...and A's a block later
    dev().reorg(5, reinclude);
    ChainAudit.Report r = awaitExact();
    assertThat(r.view()).isEqualTo(before - 2);
    assertThat(status().getLong("lastReorg.depth")).isEqualTo(5);
  }

  @Test
  @Order(3)
  void aShorterReplacementChain() throws Exception {
    tokenize(A);
    tokenize(B);
    int before = awaitExact().view();
    long h = head();
    dev().rollback(2);
    dev().mine();
    assertThat(head()).isEqualTo(h - 1);
    assertThat(awaitExact().view()).isEqualTo(before - 4);
  }

  @Test
  @Order(4)
  void aReorgExactlyAsDeepAsTheWindowIsUndone() throws Exception {
    for (int i = 0; i < 8; i++) {
      tokenize(i % 2 == 0 ? A : B);
    }
    int before = awaitExact().view();
    dev().reorg(8, List.of());
    assertThat(awaitExact().view()).isEqualTo(before - 16);
    assertThat(status().getLong("lastReorg.depth")).isEqualTo(8);
  }

  @Test
  @Order(5)
  void aDeeperReorgHaltsUntilAnOperatorResumes() throws Exception {
    for (int i = 0; i < 9; i++) {
      tokenize(A);
    }
    awaitExact();
    dev().reorg(9, List.of());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "halted".equals(status().getString("state")));
    assertThat(status().getString("haltedReason")).contains("deeper than the reorg window");
    given().get("/q/health/ready").then().statusCode(503);
    assertThat(Management.metrics()).contains("soa_indexer_halted 1.0");
    long cursor = status().getLong("cursor");
    tokenize(A); // nothing is published on top of inconsistent data
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                status().getLong("cursor") == cursor
                    && "halted".equals(status().getString("state")));

    Management.asOperator().post(Management.url() + "/v1/admin/resume").then().statusCode(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "following".equals(status().getString("state"))
                    && status().getLong("cursor") == head());
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
  }
}
