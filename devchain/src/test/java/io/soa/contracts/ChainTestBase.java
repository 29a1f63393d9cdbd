package io.soa.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.soa.contracts.generated.LicenseToken;
import io.soa.contracts.generated.Marketplace;
import io.soa.contracts.generated.ModelRegistry;
import io.soa.contracts.generated.SOAToken;
import io.soa.contracts.generated.UsageEscrow;
import io.soa.devchain.AnvilNode;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.DevChain;
import io.soa.devchain.deploy.Deployer;
import io.soa.devchain.deploy.Deployment;
import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;

/** A fresh anvil with the contract set deployed, per test class, and helpers over it. */
abstract class ChainTestBase {
  static final BigInteger ONE = BigInteger.TEN.pow(18);
  static final Credentials ADMIN = DevAccounts.deployer();
  static final Credentials TREASURY = DevAccounts.treasury();
  static final int FEE_BPS = 250;
  private static final AtomicInteger CATALOG_IDS = new AtomicInteger();

  static AnvilNode anvil;
  static Web3j web3j;
  static DevChain dev;
  static Deployment deployment;

  @BeforeAll
  static void startChain() {
    anvil = AnvilNode.startOnFreePort();
    HttpService service = new HttpService(anvil.rpcUrl());
    web3j = Web3j.build(service);
    dev = new DevChain(service);
    deployment = Deployer.deploy(anvil.rpcUrl(), ADMIN, TREASURY.getAddress(), FEE_BPS);
  }

  @AfterAll
  static void stopChain() {
    web3j.shutdown();
    anvil.close();
  }

  static String addr(String contract) {
    return deployment.address(contract);
  }

  static SOAToken soa(Credentials as) {
    return SOAToken.load(addr("SOAToken"), web3j, Chain.txManager(web3j, as), Chain.DEV_GAS);
  }

  static ModelRegistry registry(Credentials as) {
    return ModelRegistry.load(
        addr("ModelRegistry"), web3j, Chain.txManager(web3j, as), Chain.DEV_GAS);
  }

  static LicenseToken licenses(Credentials as) {
    return LicenseToken.load(
        addr("LicenseToken"), web3j, Chain.txManager(web3j, as), Chain.DEV_GAS);
  }

  static Marketplace market(Credentials as) {
    return Marketplace.load(addr("Marketplace"), web3j, Chain.txManager(web3j, as), Chain.DEV_GAS);
  }

  static UsageEscrow escrow(Credentials as) {
    return UsageEscrow.load(addr("UsageEscrow"), web3j, Chain.txManager(web3j, as), Chain.DEV_GAS);
  }

  /** Sends a transaction and asserts it succeeded. */
  static TransactionReceipt ok(RemoteFunctionCall<TransactionReceipt> call) {
    try {
      TransactionReceipt r = call.send();
      assertThat(r.isStatusOK()).as("tx status").isTrue();
      return r;
    } catch (Exception e) {
      throw new AssertionError("transaction failed: " + e.getMessage(), e);
    }
  }

  static <T> T read(RemoteFunctionCall<T> call) {
    try {
      return call.send();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static BigInteger soaBalance(String address) {
    return read(soa(ADMIN).balanceOf(address));
  }

  static void fund(Credentials who, BigInteger amount) {
    ok(soa(ADMIN).mint(who.getAddress(), amount));
  }

  static void approve(Credentials who, String spender, BigInteger amount) {
    ok(soa(who).approve(spender, amount));
  }

  /** Tokenizes a fresh catalog id from {@code owner}; returns the model id. */
  static BigInteger newModel(Credentials owner, int royaltyBps) {
    byte[] catalogId = new byte[32];
    int n = CATALOG_IDS.incrementAndGet();
    catalogId[28] = (byte) (n >> 24);
    catalogId[29] = (byte) (n >> 16);
    catalogId[30] = (byte) (n >> 8);
    catalogId[31] = (byte) n;
    catalogId[16] = 0x11;
    TransactionReceipt r =
        ok(
            registry(owner)
                .tokenize(
                    catalogId,
                    "https://catalog/m/" + n,
                    new byte[32],
                    BigInteger.valueOf(royaltyBps)));
    return ModelRegistry.getModelTokenizedEvents(r).get(0).modelId;
  }

  static BigInteger fee(BigInteger amount) {
    return amount.multiply(BigInteger.valueOf(FEE_BPS)).divide(BigInteger.valueOf(10_000));
  }

  static BigInteger soa(long whole) {
    return ONE.multiply(BigInteger.valueOf(whole));
  }
}
