package io.soa.demo;

import io.soa.contracts.generated.SOAToken;
import io.soa.devchain.Chain;
import io.soa.devchain.deploy.Deployment;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;

/**
 * Each tracked account's on-chain $SOA change since it was tracked, against what the suite's events
 * say ({@link ChainLedger}) plus what the faucet gave it, to the wei.
 */
final class Reconciliation {
  private final Deployment d;
  private final Web3j web3j;
  private final SOAToken soa;
  private final Map<String, String> labels = new LinkedHashMap<>();
  private final Map<String, BigInteger> before = new LinkedHashMap<>();
  private final java.time.Instant since = java.time.Instant.now(); // this story's decisions on

  Reconciliation(Deployment d, Web3j web3j) throws Exception {
    this.d = d;
    this.web3j = web3j;
    // reads only: any key will do
    this.soa =
        Chain.load(
            SOAToken.class,
            d.address("SOAToken"),
            web3j,
            Credentials.create(Keys.createEcKeyPair()));
  }

  void track(String address, String label) {
    String a = address.toLowerCase(Locale.ROOT);
    labels.put(a, label);
    before.put(a, balance(a));
  }

  /** Prints the table (also into {@code table}); true when every difference is 0. */
  boolean reconcile(
      long fromBlock, Map<String, BigInteger> minted, List<String> table, Consumer<String> out)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      Map<String, BigInteger> events =
          ChainLedger.deltas(
              d.kafkaBootstrap(),
              d.chainId(),
              d.treasury(),
              d.address("UsageEscrow"),
              new io.soa.contracts.Payees(d.address("ModelPayees")),
              fromBlock,
              since,
              this::blockHash);
      List<String> lines = new ArrayList<>();
      boolean all = true;
      lines.add(
          String.format(
              "%-38s %22s %22s %12s", "account", "on-chain change", "events say", "difference"));
      for (var e : labels.entrySet()) {
        String a = e.getKey();
        BigInteger chain = balance(a).subtract(before.get(a));
        BigInteger said =
            events.getOrDefault(a, BigInteger.ZERO).add(minted.getOrDefault(a, BigInteger.ZERO));
        BigInteger diff = chain.subtract(said);
        all &= diff.signum() == 0;
        lines.add(
            String.format(
                "%-38s %22s %22s %12s",
                e.getValue(), Demo.soa(chain), Demo.soa(said), diff + " wei"));
      }
      if (all || System.nanoTime() > deadline) {
        lines.forEach(l -> out.accept("  " + l));
        if (!minted.isEmpty()) {
          out.accept(
              "  (faucet: $SOA minted to the users by the dev chain's admin, counted as income)");
        }
        table.addAll(lines);
        return all;
      }
      Thread.sleep(500); // the indexer publishes at its confirmation depth: let it catch up
    }
  }

  /** The hash of this chain's block {@code n}: events of another chain are not this one's. */
  private String blockHash(long n) {
    try {
      var b =
          web3j
              .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(n)), false)
              .send()
              .getBlock();
      return b == null ? "" : b.getHash();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  BigInteger balance(String address) {
    try {
      return soa.balanceOf(address).send();
    } catch (Exception e) {
      throw new IllegalStateException("balanceOf " + address + ": " + e.getMessage(), e);
    }
  }

  /** payment-service's own reconciliation, as a line of the table; true when it is 0 wei. */
  static boolean ledger(Api api, String payment, List<String> table, Consumer<String> out) {
    Api.Answer rec = api.get(payment + "/v1/reconciliation");
    String diff = rec.json() == null ? "?" : rec.json().path("differenceWei").asText("?");
    String line =
        String.format("payment-service ledger against on-chain claims: difference %s wei", diff);
    table.add(line);
    out.accept("  " + line);
    return "0".equals(diff);
  }
}
