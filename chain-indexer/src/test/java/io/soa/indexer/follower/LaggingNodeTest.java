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

/**
 * Nodes that fall behind what was published are lagging, not reorganised: the indexer waits (on
 * either node) and retracts nothing; once they catch up it goes on with no gap.
 */
@QuarkusTest
@WithTestResource(
    value = SoaTestResource.class,
    initArgs = {
      @ResourceArg(name = "database", value = "indexer_lagging_test"),
      @ResourceArg(name = "chain", value = "true"),
      @ResourceArg(name = "faultProxies", value = "true"),
      @ResourceArg(name = "config.soa.chain.poll-interval", value = "100ms")
    })
class LaggingNodeTest {
  @ConfigProperty(name = "soa.chain.rpc-url")
  String anvilUrl;

  @ConfigProperty(name = "soa.test.proxies")
  java.util.Optional<String> proxies;

  @ConfigProperty(name = "soa.chain.contracts.model-registry")
  String registryAt;

  @Test
  void aNodeBehindTheCursorIsWaitedForNeverRetracted() throws Exception {
    String[] p = proxies.orElseThrow().split(",");
    Web3j web3j = Chain.connect(anvilUrl);
    ModelRegistry reg =
        ModelRegistry.load(
            registryAt, web3j, Chain.txManager(web3j, DevAccounts.account(1)), Chain.DEV_GAS);
    for (int i = 0; i < 6; i++) {
      byte[] id = new byte[32];
      id[16] = 0x4c;
      id[31] = (byte) i;
      assertThat(reg.tokenize(id, "lag", new byte[32], BigInteger.ZERO).send().isStatusOK())
          .isTrue();
    }
    long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    await().atMost(Duration.ofSeconds(60)).until(() -> TestChain.cursor() >= head);

    // both nodes now answer as if 4 blocks behind: the cursor is above their head
    FaultProxy.set(p[0], FaultProxy.Faults.lagging(4));
    FaultProxy.set(p[1], FaultProxy.Faults.lagging(4));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> "node_lagging".equals(given().get("/v1/status").then().extract().path("state")));
    assertThat(Management.metrics()).contains("soa_indexer_node_lagging_total");
    assertThat(TestChain.cursor()).isEqualTo(head); // nothing rolled back
    assertThat(given().get("/v1/status").then().extract().<Object>path("lastReorg")).isNull();

    FaultProxy.set(p[0], FaultProxy.Faults.NONE);
    FaultProxy.set(p[1], FaultProxy.Faults.NONE);
    byte[] id = new byte[32];
    id[16] = 0x4d;
    assertThat(reg.tokenize(id, "lag", new byte[32], BigInteger.ZERO).send().isStatusOK()).isTrue();
    long head2 = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    await().atMost(Duration.ofSeconds(60)).until(() -> TestChain.cursor() >= head2);

    ChainAudit.Report r = TestChain.audit(web3j);
    assertThat(r.exact()).as("audit %s", r).isTrue();
    web3j.shutdown();
  }
}
