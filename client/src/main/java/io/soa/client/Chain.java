package io.soa.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Locale;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractEIP1559GasProvider;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * A deployment's chain as a seller sends to it: its id, its node and its contracts by name, read
 * from a deployment file ({@code .soa/deployment.json}, as {@code ./soa up} and the deployer write
 * it: {@code chainId}, {@code rpcUrl}, {@code contracts}).
 */
public record Chain(long chainId, String rpcUrl, JsonNode contracts) {
  /** The deployment file {@code file}. */
  public static Chain read(Path file) {
    try {
      JsonNode d = Http.JSON.readTree(file.toFile());
      return new Chain(d.path("chainId").asLong(), d.path("rpcUrl").asText(), d.path("contracts"));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          file + " is not a deployment file (chainId, rpcUrl, contracts): " + e.getMessage(), e);
    }
  }

  /** The address of contract {@code name} (e.g. {@code ModelRegistry}). */
  public String address(String name) {
    String a = contracts.path(name).asText("");
    if (!a.matches("^0x[0-9a-fA-F]{40}$")) {
      throw new IllegalArgumentException("the deployment names no " + name + " contract");
    }
    return a.toLowerCase(Locale.ROOT);
  }

  Web3j connect() {
    return Web3j.build(new HttpService(rpcUrl));
  }

  /** Work on the chain: a connection's transactions and reads. */
  interface Work<T> {
    T on(Web3j web3j) throws Exception;
  }

  /**
   * Runs {@code work} on a connection of its own; a failure is a {@code transaction-failed} with
   * the node's words and what to check.
   */
  <T> T transact(Work<T> work) {
    Web3j web3j = connect();
    try {
      return work.on(web3j);
    } catch (SoaException e) {
      throw e;
    } catch (Exception e) {
      throw new SoaException(
          0,
          "transaction-failed",
          "the transaction was not mined as asked: "
              + e.getMessage()
              + " (may this key do it, and does it hold the $SOA and the gas?)",
          null);
    } finally {
      web3j.shutdown();
    }
  }

  /** Transactions signed by {@code who}, for this chain, awaited for up to two minutes. */
  TransactionManager signer(Web3j web3j, Wallet who) {
    return new RawTransactionManager(
        web3j, who.credentials(), chainId, new PollingTransactionReceiptProcessor(web3j, 250, 480));
  }

  /** EIP-1559 fees from the latest block: twice its base fee plus a tip, as wallets price. */
  ContractEIP1559GasProvider gas(Web3j web3j) {
    try {
      BigInteger base =
          web3j
              .ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
              .send()
              .getBlock()
              .getBaseFeePerGas();
      BigInteger tip = BigInteger.valueOf(1_000_000_000L);
      return new StaticEIP1559GasProvider(
          chainId, base.shiftLeft(1).add(tip), tip, BigInteger.valueOf(3_000_000));
    } catch (IOException e) {
      throw new SoaException(0, "unreachable", rpcUrl + " did not answer: " + e, null);
    }
  }
}
