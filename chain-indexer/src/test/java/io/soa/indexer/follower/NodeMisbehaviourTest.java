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
 * Nodes that lie: one answering from two branches is left for the other with backoff (not a tight
 * retry loop), and a node reached by fail-over that is on another chain is refused before anything
 * is read from it. Nothing is lost or duplicated.
 */
@QuarkusTest
@WithTestResource(
    value = SoaTestResource.class,
    initArgs = {
      @ResourceArg(name = "database", value = "indexer_misbehaviour_test"),
      @ResourceArg(name = "chain", value = "true"),
      @ResourceArg(name = "faultProxies", value = "true"),
      @ResourceArg(name = "config.soa.chain.rpc-timeout", value = "1s"),
      @ResourceArg(name = "config.soa.chain.poll-interval", value = "100ms")
    })
class NodeMisbehaviourTest {
  @ConfigProperty(name = "soa.chain.rpc-url")
  String anvilUrl;

  @ConfigProperty(name = "soa.test.proxies")
  java.util.Optional<String> proxies;

  @ConfigProperty(name = "soa.chain.contracts.model-registry")
  String registryAt;

  static double counter(String name) {
    return io.soa.testing.PrometheusText.value(Management.metrics(), name);
  }

  void mint(ModelRegistry reg, int tag, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      byte[] id = new byte[32];
      id[16] = (byte) tag;
      id[31] = (byte) i;
      assertThat(reg.tokenize(id, "m", new byte[32], BigInteger.ZERO).send().isStatusOK()).isTrue();
    }
  }

  @Test
  void inconsistentNodesAreLeftWithBackoffAndNodesOnAnotherChainAreRefused() throws Exception {
    String[] p = proxies.orElseThrow().split(",");
    Web3j web3j = Chain.connect(anvilUrl);
    ModelRegistry reg =
        ModelRegistry.load(
            registryAt, web3j, Chain.txManager(web3j, DevAccounts.account(1)), Chain.DEV_GAS);

    // both nodes give a header from another branch now and then
    FaultProxy.set(p[0], FaultProxy.Faults.twoBranches(0.3));
    FaultProxy.set(p[1], FaultProxy.Faults.twoBranches(0.3));
    mint(reg, 0x5a, 8);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> counter("soa_indexer_node_inconsistent_total") > 0);
    FaultProxy.set(p[0], FaultProxy.Faults.NONE);
    FaultProxy.set(p[1], FaultProxy.Faults.NONE);
    long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    await().atMost(Duration.ofSeconds(60)).until(() -> TestChain.cursor() >= head);
    // every inconsistent answer cost a fail-over and a backoff: far fewer than a spinning loop
    assertThat(counter("soa_indexer_node_inconsistent_total")).isLessThan(200);

    // the node in use goes down and the other turns out to be on another chain: refused
    String current = given().get("/v1/status").then().extract().path("rpcUrl");
    String other = current.equals(p[0]) ? p[1] : p[0];
    FaultProxy.set(current, FaultProxy.Faults.down());
    FaultProxy.set(other, FaultProxy.Faults.onChain(1));
    mint(reg, 0x5b, 2);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                given()
                    .get("/v1/status")
                    .then()
                    .extract()
                    .<String>path("state")
                    .equals("wrong_chain"));
    assertThat(Management.metrics()).contains("soa_indexer_rpc_errors_total{kind=\"wrong_chain\"");
    assertThat(TestChain.cursor()).isEqualTo(head); // nothing read from the wrong chain
    FaultProxy.set(p[0], FaultProxy.Faults.NONE);
    FaultProxy.set(p[1], FaultProxy.Faults.NONE);
    long head2 = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    await().atMost(Duration.ofSeconds(60)).until(() -> TestChain.cursor() >= head2);

    ChainAudit.Report r = TestChain.audit(web3j);
    assertThat(r.exact()).as("audit %s", r).isTrue();
    web3j.shutdown();
  }
}
