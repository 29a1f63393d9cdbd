package io.soa.devchain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/** Connections and transaction managers tuned for a local node. */
public final class Chain {
  private Chain() {}

  /** Gas settings generous enough for every contract call of the suite on a dev chain. */
  public static final ContractGasProvider DEV_GAS =
      new StaticGasProvider(BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(12_000_000L));

  public static Web3j connect(String rpcUrl) {
    return Web3j.build(new HttpService(rpcUrl));
  }

  public static long chainId(Web3j web3j) {
    try {
      return web3j.ethChainId().send().getChainId().longValueExact();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Signs locally with {@code credentials}; polls receipts every 100 ms (web3j's default of 15 s
   * would make every local call slow).
   */
  public static TransactionManager txManager(Web3j web3j, Credentials credentials) {
    return new RawTransactionManager(
        web3j,
        credentials,
        chainId(web3j),
        new PollingTransactionReceiptProcessor(web3j, 100, 600));
  }

  /**
   * A generated contract wrapper ({@code type.load}) at {@code at}, sending through {@code tm} with
   * the dev gas settings: one loader for every test and bench of a local chain.
   */
  public static <T> T load(Class<T> type, String at, Web3j web3j, TransactionManager tm) {
    try {
      return type.cast(
          type.getMethod(
                  "load",
                  String.class,
                  Web3j.class,
                  TransactionManager.class,
                  ContractGasProvider.class)
              .invoke(null, at, web3j, tm, DEV_GAS));
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(type + " is not a web3j contract wrapper", e);
    }
  }

  /** As {@link #load(Class, String, Web3j, TransactionManager)}, signing as {@code who}. */
  public static <T> T load(Class<T> type, String at, Web3j web3j, Credentials who) {
    return load(type, at, web3j, txManager(web3j, who));
  }
}
