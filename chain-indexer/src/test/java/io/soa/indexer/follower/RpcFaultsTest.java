package io.soa.indexer.follower;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.soa.contracts.generated.ModelRegistry;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import io.soa.testing.ChainAudit;
import io.soa.testing.FaultProxy;
import io.soa.testing.SoaTestResource;
import java.math.BigInteger;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * The indexer talks to two faulty nodes (500s, 429s, timeouts, range limits, a frozen head) in
 * front of one chain: it never crashes, never loses or duplicates an event.
 */
@QuarkusTest
@WithTestResource(
    value = SoaTestResource.class,
    initArgs = {
      @ResourceArg(name = "database", value = "indexer_faults_test"),
      @ResourceArg(name = "chain", value = "true"),
      @ResourceArg(name = "faultProxies", value = "true"),
      @ResourceArg(name = "config.soa.chain.rpc-timeout", value = "1s"),
      @ResourceArg(name = "config.soa.chain.stale-after", value = "2s"),
      @ResourceArg(name = "config.soa.chain.poll-interval", value = "100ms"),
      @ResourceArg(name = "config.soa.chain.initial-range", value = "64")
    })
class RpcFaultsTest {
  @ConfigProperty(name = "soa.chain.rpc-url")
  String anvilUrl;

  @ConfigProperty(name = "soa.test.proxies")
  java.util.Optional<String> proxies; // only this class has them

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String kafka;

  @ConfigProperty(name = "soa.chain.contracts.model-registry")
  String registryAt;

  static boolean stale() {
    return Management.metrics().contains("soa_indexer_node_stale_total");
  }

  static String currentRpc() {
    return given().get("/v1/status").then().extract().path("rpcUrl");
  }

  @Test
  void faultsCostTimeNeverEvents() throws Exception {
    String[] p = proxies.orElseThrow().split(",");
    var down = new FaultProxy.Faults(1.0, 0, 0, 0, 0, false);
    var faulty = new FaultProxy.Faults(0.1, 0.1, 0.03, 1_500, 3, false);
    FaultProxy.set(p[0], down);
    FaultProxy.set(p[1], down);

    Web3j web3j =
        Web3j.build(new HttpService(anvilUrl)); // the test itself talks to the chain directly
    ModelRegistry reg =
        ModelRegistry.load(
            registryAt, web3j, Chain.txManager(web3j, DevAccounts.account(1)), Chain.DEV_GAS);
    for (int i = 0; i < 24; i++) {
      byte[] id = new byte[32];
      id[16] = 0x3c;
      id[31] = (byte) i;
      assertThat(reg.tokenize(id, "f", new byte[32], BigInteger.ZERO).send().isStatusOK()).isTrue();
      if (i == 8) {
        // both nodes down: not ready, nothing published, nothing lost
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> given().get("/q/health/ready").then().extract().statusCode() == 503);
        // back, but flaky and limiting eth_getLogs to 3 blocks while 9+ wait: it catches up
        FaultProxy.set(p[0], faulty);
        FaultProxy.set(p[1], faulty);
        long behind = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        await()
            .atMost(Duration.ofSeconds(120))
            .until(
                () -> given().get("/v1/status").then().extract().<Integer>path("cursor") >= behind);
        assertThat(given().get("/v1/status").then().extract().<Integer>path("rangeBlocks"))
            .isLessThanOrEqualTo(3);
        assertThat(Management.metrics())
            .contains("soa_indexer_rpc_errors_total{kind=\"range_limit\"");
      }
      if (i == 16) {
        FaultProxy.set(p[0], new FaultProxy.Faults(0, 0, 0, 0, 0, true));
        FaultProxy.set(p[1], FaultProxy.Faults.NONE);
      }
    }
    // The first node's head froze. Either the indexer is on it and notices it stuck behind the
    // other, or it is on the other: then that one freezes and the first moves on.
    await().atMost(Duration.ofSeconds(30)).until(() -> stale() || p[1].equals(currentRpc()));
    if (!stale()) {
      FaultProxy.set(p[1], new FaultProxy.Faults(0, 0, 0, 0, 0, true));
      FaultProxy.set(p[0], FaultProxy.Faults.NONE);
      for (int i = 0; i < 2; i++) {
        byte[] id = new byte[32];
        id[16] = 0x3d;
        id[31] = (byte) i;
        assertThat(reg.tokenize(id, "f", new byte[32], BigInteger.ZERO).send().isStatusOK())
            .isTrue();
      }
      await().atMost(Duration.ofSeconds(30)).until(RpcFaultsTest::stale);
    }
    assertThat(currentRpc()).isNotNull();
    FaultProxy.set(p[0], FaultProxy.Faults.NONE);
    FaultProxy.set(p[1], FaultProxy.Faults.NONE);
    long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();

    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> given().get("/v1/status").then().extract().<Integer>path("cursor") >= head);
    ChainAudit.Report r = TestChain.audit(web3j);
    assertThat(r.exact()).as("audit %s", r).isTrue();
    assertThat(r.view())
        .isEqualTo(r.canonical())
        .isGreaterThanOrEqualTo(48); // 24+ mints: ModelTokenized + Transfer

    String metrics = Management.metrics();
    assertThat(metrics)
        .containsAnyOf(
            "soa_indexer_rpc_errors_total{kind=\"unavailable\"",
            "soa_indexer_rpc_errors_total{kind=\"rate_limited\"");
    assertThat(metrics).contains("soa_indexer_node_stale_total");
    given().get("/q/health/ready").then().statusCode(200);
    web3j.shutdown();
  }
}
