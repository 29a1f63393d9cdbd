package io.soa.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.soa.contracts.deploy.Deployer;
import io.soa.contracts.deploy.Deployment;
import io.soa.contracts.generated.ModelRegistry;
import io.soa.contracts.node.AnvilNode;
import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** ModelRegistry on a real anvil node through the generated wrapper. */
class ModelRegistryTest {
  static AnvilNode anvil;
  static Web3j web3j;
  static Deployment deployment;

  @BeforeAll
  static void chain() {
    anvil = AnvilNode.startOnFreePort();
    web3j = Chain.connect(anvil.rpcUrl());
    deployment = Deployer.deploy(anvil.rpcUrl(), DevAccounts.deployer());
  }

  @AfterAll
  static void stop() {
    web3j.shutdown();
    anvil.close();
  }

  static ModelRegistry as(Credentials who) {
    return ModelRegistry.load(deployment.address("ModelRegistry"), web3j,
        Chain.txManager(web3j, who), Chain.DEV_GAS);
  }

  static byte[] id(int n) {
    byte[] b = new byte[32];
    b[31] = (byte) n;
    b[20] = 0x5a;
    return b;
  }

  @Test
  void tokenizeMintsToTheCallerAndEmitsEverything() throws Exception {
    Credentials dev = DevAccounts.account(1);
    byte[] digest = HexFormat.of().parseHex("9f".repeat(32));
    TransactionReceipt r = as(dev).tokenize(id(1), "https://c/1", digest, BigInteger.valueOf(750)).send();
    assertThat(r.isStatusOK()).isTrue();
    var ev = ModelRegistry.getModelTokenizedEvents(r).get(0);
    assertThat(ev.owner).isEqualToIgnoringCase(dev.getAddress());
    assertThat(ev.catalogId).isEqualTo(id(1));
    assertThat(ev.metadataUri).isEqualTo("https://c/1");
    assertThat(ev.artifactDigest).isEqualTo(digest);
    assertThat(ev.royaltyBps).isEqualTo(BigInteger.valueOf(750));

    ModelRegistry read = as(DevAccounts.account(0));
    assertThat(read.ownerOf(ev.modelId).send()).isEqualToIgnoringCase(dev.getAddress());
    assertThat(read.tokenURI(ev.modelId).send()).isEqualTo("https://c/1");
    assertThat(read.modelIdOf(id(1)).send()).isEqualTo(ev.modelId);
  }

  @Test
  void revertsWithTheirReasons() throws Exception {
    Credentials dev = DevAccounts.account(2);
    ModelRegistry reg = as(dev);
    String at = deployment.address("ModelRegistry");
    Reverts.assertReverts(web3j, dev, at,
        reg.tokenize(new byte[32], "x", new byte[32], BigInteger.ZERO), "EmptyCatalogId()");
    Reverts.assertReverts(web3j, dev, at,
        reg.tokenize(id(2), "x", new byte[32], BigInteger.valueOf(10_001)), "RoyaltyTooHigh(uint96)");
    assertThat(reg.tokenize(id(3), "x", new byte[32], BigInteger.ZERO).send().isStatusOK()).isTrue();
    // a second token for the same catalog id, even from another account
    Credentials other = DevAccounts.account(3);
    Reverts.assertReverts(web3j, other, at,
        as(other).tokenize(id(3), "y", new byte[32], BigInteger.ZERO),
        "AlreadyTokenized(bytes32,uint256)");
    // and a real transaction of it fails on-chain too
    assertThatThrownBy(() -> as(other).tokenize(id(3), "y", new byte[32], BigInteger.ZERO).send())
        .hasMessageContaining("status: 0x0");
  }

}
