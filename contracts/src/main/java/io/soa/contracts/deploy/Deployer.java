package io.soa.contracts.deploy;

import io.soa.contracts.Chain;
import io.soa.contracts.generated.ModelRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.tx.TransactionManager;

/** Deploys the contract set and wires it; used by {@code ./soa up} and by tests. */
public final class Deployer {
  private Deployer() {}

  /** Deploys every contract from {@code admin} and returns the deployment (no broker yet). */
  public static Deployment deploy(String rpcUrl, Credentials admin) {
    Web3j web3j = Chain.connect(rpcUrl);
    try {
      long chainId = Chain.chainId(web3j);
      TransactionManager tx = Chain.txManager(web3j, admin);
      long startBlock = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
      Map<String, String> contracts = new LinkedHashMap<>();
      ModelRegistry registry = ModelRegistry.deploy(web3j, tx, Chain.DEV_GAS).send();
      contracts.put("ModelRegistry", registry.getContractAddress());
      return new Deployment(chainId, rpcUrl, null, startBlock, admin.getAddress(), contracts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("deployment failed: " + e.getMessage(), e);
    } finally {
      web3j.shutdown();
    }
  }

  public static Deployment withKafka(Deployment d, String kafkaBootstrap) {
    return new Deployment(d.chainId(), d.rpcUrl(), kafkaBootstrap, d.startBlock(), d.deployer(),
        d.contracts());
  }
}
