package io.soa.indexer.follower;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.soa.contracts.generated.ModelRegistry;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.DevChain;
import io.soa.events.Topics;
import io.soa.platform.types.Bytes32;
import io.soa.testing.SoaTestResource;
import io.soa.testing.TopicReader;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * With {@code use-finalized}, a block is published only once the node's {@code finalized} tag
 * covers it (anvil finalizes 64 blocks behind its head).
 */
@QuarkusTest
@WithTestResource(
    value = SoaTestResource.class,
    initArgs = {
      @ResourceArg(name = "database", value = "indexer_finalized_test"),
      @ResourceArg(name = "chain", value = "true"),
      @ResourceArg(name = "config.soa.chain.use-finalized", value = "true")
    })
class FinalizedTest {

  @ConfigProperty(name = "soa.chain.rpc-url")
  String rpcUrl;

  @ConfigProperty(name = "soa.chain.contracts.model-registry")
  String registryAddress;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String kafka;

  @Test
  void publishesOnlyWhatTheNodeCallsFinalized() throws Exception {
    Web3j web3j = Chain.connect(rpcUrl);
    DevChain dev = new DevChain(new HttpService(rpcUrl));
    ModelRegistry registry =
        ModelRegistry.load(
            registryAddress, web3j, Chain.txManager(web3j, DevAccounts.account(1)), Chain.DEV_GAS);
    String catalogId = Bytes32.fromUuid(UUID.randomUUID());
    var receipt =
        registry
            .tokenize(
                HexFormat.of().parseHex(catalogId.substring(2)), "x", new byte[32], BigInteger.ZERO)
            .send();
    long block = receipt.getBlockNumber().longValueExact();

    // The head is past the block, but the finalized tag is not: nothing moves past it.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> TestChain.cursor() < block);

    dev.mine(64);
    await().atMost(Duration.ofSeconds(30)).until(() -> TestChain.cursor() >= block);
    var published =
        TopicReader.readUntil(
            kafka,
            Topics.CHAIN_MODELS,
            rs ->
                rs.stream()
                    .anyMatch(
                        r ->
                            r.event()
                                .getId()
                                .endsWith(
                                    receipt.getTransactionHash()
                                        + ":"
                                        + receipt
                                            .getLogs()
                                            .get(receipt.getLogs().size() - 1)
                                            .getLogIndex()
                                            .longValueExact())),
            Duration.ofSeconds(30));
    assertThat(published).isNotEmpty();
    assertThat(TestChain.cursor()).isLessThanOrEqualTo(dev.blockNumber().longValueExact() - 64);
    web3j.shutdown();
  }
}
