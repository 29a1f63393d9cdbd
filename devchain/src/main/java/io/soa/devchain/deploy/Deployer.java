package io.soa.devchain.deploy;

import io.soa.contracts.BatchChannels;
import io.soa.contracts.generated.ERC3009DepositCollector;
import io.soa.contracts.generated.LicenseToken;
import io.soa.contracts.generated.Marketplace;
import io.soa.contracts.generated.ModelPayees;
import io.soa.contracts.generated.ModelRegistry;
import io.soa.contracts.generated.Multicall3;
import io.soa.contracts.generated.SOAToken;
import io.soa.contracts.generated.UsageEscrow;
import io.soa.contracts.generated.X402BatchSettlement;
import io.soa.devchain.Chain;
import io.soa.devchain.DevChain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.TransactionManager;

/**
 * Deploys the contract set and wires it: the $SOA token (its minter role granted to the faucet, on
 * local chains the admin), the model registry, and the licence token, marketplace and escrow with
 * the platform fee and treasury. Used by {@code ./soa up}, tests and benches.
 */
public final class Deployer {
  private Deployer() {}

  /** Multicall3's address on every public chain (mds1/multicall). */
  public static final String MULTICALL3 = "0xca11bde05977b3631167028862be2a173976ca11";

  /** Platform fee of a fresh local deployment: 2.5%. */
  public static final int DEFAULT_FEE_BPS = 250;

  /** Deploys from {@code admin} with the treasury at {@code treasury}. */
  public static Deployment deploy(String rpcUrl, Credentials admin, String treasury, int feeBps) {
    Web3j web3j = Chain.connect(rpcUrl);
    try {
      long chainId = Chain.chainId(web3j);
      TransactionManager tx = Chain.txManager(web3j, admin);
      long startBlock = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
      String a = admin.getAddress();
      BigInteger fee = BigInteger.valueOf(feeBps);

      SOAToken soa = SOAToken.deploy(web3j, tx, Chain.DEV_GAS, a).send();
      soa.grantRole(soa.MINTER_ROLE().send(), a).send();
      ModelRegistry registry = ModelRegistry.deploy(web3j, tx, Chain.DEV_GAS).send();
      LicenseToken licenses =
          LicenseToken.deploy(
                  web3j,
                  tx,
                  Chain.DEV_GAS,
                  soa.getContractAddress(),
                  registry.getContractAddress(),
                  a,
                  treasury,
                  fee)
              .send();
      Marketplace market =
          Marketplace.deploy(
                  web3j,
                  tx,
                  Chain.DEV_GAS,
                  soa.getContractAddress(),
                  registry.getContractAddress(),
                  licenses.getContractAddress(),
                  a,
                  treasury,
                  fee)
              .send();
      UsageEscrow escrow =
          UsageEscrow.deploy(
                  web3j,
                  tx,
                  Chain.DEV_GAS,
                  soa.getContractAddress(),
                  registry.getContractAddress(),
                  a,
                  treasury,
                  fee)
              .send();
      ModelPayees payees =
          ModelPayees.deploy(
                  web3j,
                  tx,
                  Chain.DEV_GAS,
                  soa.getContractAddress(),
                  registry.getContractAddress(),
                  a,
                  treasury,
                  fee)
              .send();
      installBatchSettlement(web3j, rpcUrl, tx);

      Map<String, String> contracts = new LinkedHashMap<>();
      contracts.put("SOAToken", soa.getContractAddress());
      contracts.put("ModelRegistry", registry.getContractAddress());
      contracts.put("LicenseToken", licenses.getContractAddress());
      contracts.put("Marketplace", market.getContractAddress());
      contracts.put("UsageEscrow", escrow.getContractAddress());
      contracts.put("ModelPayees", payees.getContractAddress());
      contracts.put("X402BatchSettlement", BatchChannels.SETTLEMENT);
      contracts.put("ERC3009DepositCollector", BatchChannels.ERC3009_COLLECTOR);
      return new Deployment(chainId, rpcUrl, null, startBlock, a, treasury, feeBps, contracts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("deployment failed: " + e.getMessage(), e);
    } finally {
      web3j.shutdown();
    }
  }

  /**
   * x402's batch-settlement contracts at the addresses its clients have built in (on public chains
   * they are deployed there by CREATE2 from x402's deployer): deployed anywhere, then their code is
   * set at those addresses with anvil_setCode. Neither keeps state from its constructor (the
   * collector's settlement address is an immutable, in its code), so the code is all they need.
   */
  private static void installBatchSettlement(Web3j web3j, String rpcUrl, TransactionManager tx)
      throws Exception {
    var settlement = X402BatchSettlement.deploy(web3j, tx, Chain.DEV_GAS).send();
    var collector =
        ERC3009DepositCollector.deploy(web3j, tx, Chain.DEV_GAS, BatchChannels.SETTLEMENT).send();
    setCode(web3j, rpcUrl, BatchChannels.SETTLEMENT, settlement.getContractAddress());
    setCode(web3j, rpcUrl, BatchChannels.ERC3009_COLLECTOR, collector.getContractAddress());
    // x402's facilitator reads channels through Multicall3, on every public chain but not on anvil
    var multicall = Multicall3.deploy(web3j, tx, Chain.DEV_GAS).send();
    setCode(web3j, rpcUrl, MULTICALL3, multicall.getContractAddress());
  }

  private static void setCode(Web3j web3j, String rpcUrl, String at, String from)
      throws IOException {
    String code = web3j.ethGetCode(from, DefaultBlockParameterName.LATEST).send().getCode();
    new DevChain(new HttpService(rpcUrl)).setCode(at, code);
  }

  /** The local stack's deployment: admin is dev account 0, treasury dev account 4. */
  public static Deployment deploy(String rpcUrl, Credentials admin) {
    return deploy(
        rpcUrl, admin, io.soa.devchain.DevAccounts.treasury().getAddress(), DEFAULT_FEE_BPS);
  }

  public static Deployment withKafka(Deployment d, String kafkaBootstrap) {
    return new Deployment(
        d.chainId(),
        d.rpcUrl(),
        kafkaBootstrap,
        d.startBlock(),
        d.deployer(),
        d.treasury(),
        d.feeBps(),
        d.contracts());
  }
}
