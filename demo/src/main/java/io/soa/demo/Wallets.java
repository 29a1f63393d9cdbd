package io.soa.demo;

import io.soa.contracts.generated.SOAToken;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.DevChain;
import io.soa.devchain.deploy.Deployment;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * The story's five wallets. By default anvil's well-known dev accounts 1 to 3 and two fresh keys
 * given gas with {@code anvil_setBalance}, with $SOA minted by the dev chain's admin (the local
 * stack's faucet): LOCAL CHAINS ONLY. With {@code SOA_DEMO_KEYS} (five private keys, comma
 * separated: developer, licence buyer, pay-per-use caller, model buyer, licence's second buyer)
 * against another deployment, the wallets must hold gas and $SOA already; none is minted.
 */
final class Wallets {
  private final List<Credentials> keys;
  private final List<String> labels;
  private final boolean faucet;
  private final Deployment d;
  private final Web3j web3j;
  private final Map<String, BigInteger> minted = new LinkedHashMap<>();

  private Wallets(
      List<Credentials> keys, List<String> labels, boolean faucet, Deployment d, Web3j web3j) {
    this.keys = keys;
    this.labels = labels;
    this.faucet = faucet;
    this.d = d;
    this.web3j = web3j;
  }

  static Wallets of(Deployment d, Web3j web3j, String given) throws Exception {
    if (given != null && !given.isBlank()) {
      List<Credentials> keys =
          java.util.Arrays.stream(given.split(","))
              .map(k -> Credentials.create(k.strip()))
              .toList();
      if (keys.size() != 5) {
        throw new IllegalArgumentException(
            "SOA_DEMO_KEYS needs five private keys, not " + keys.size());
      }
      for (Credentials k : keys) { // fail before the first transaction, not halfway through
        BigInteger gas =
            web3j
                .ethGetBalance(
                    k.getAddress(), org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
                .send()
                .getBalance();
        if (gas.signum() == 0) {
          throw new IllegalStateException(k.getAddress() + " has no gas: fund the wallets first");
        }
      }
      return new Wallets(
          keys,
          List.of(
              "developer",
              "licence buyer",
              "pay-per-use caller",
              "model buyer",
              "licence's second buyer"),
          false,
          d,
          web3j);
    }
    return new Wallets(
        List.of(
            DevAccounts.account(1),
            DevAccounts.account(2),
            DevAccounts.account(3),
            fresh(d),
            fresh(d)),
        List.of(
            "developer (dev account 1)",
            "licence buyer (dev account 2)",
            "pay-per-use caller (dev account 3)",
            "model buyer (fresh key)",
            "licence reseller's buyer (fresh key)"),
        true,
        d,
        web3j);
  }

  Credentials developer() {
    return keys.get(0);
  }

  Credentials licenceBuyer() {
    return keys.get(1);
  }

  Credentials payer() {
    return keys.get(2);
  }

  Credentials modelBuyer() {
    return keys.get(3);
  }

  Credentials resaleBuyer() {
    return keys.get(4);
  }

  /** Address to label, in the story's order. */
  Map<String, String> labels() {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      m.put(keys.get(i).getAddress(), labels.get(i));
    }
    return m;
  }

  /** What the faucet gave each address (lower case): income the events do not show. */
  Map<String, BigInteger> minted() {
    return minted;
  }

  /**
   * Makes sure {@code who} can spend {@code needed} $SOA: on a dev chain {@code amount} is minted,
   * else its balance is checked.
   */
  void fund(Credentials who, BigInteger amount, BigInteger needed) throws Exception {
    SOAToken soa = Chain.load(SOAToken.class, d.address("SOAToken"), web3j, DevAccounts.deployer());
    if (faucet) {
      soa.mint(who.getAddress(), amount).send();
      minted.merge(who.getAddress().toLowerCase(Locale.ROOT), amount, BigInteger::add);
      return;
    }
    BigInteger has = soa.balanceOf(who.getAddress()).send();
    if (has.compareTo(amount) < 0) {
      throw new IllegalStateException(
          who.getAddress()
              + " holds "
              + Demo.soa(has)
              + " $SOA; the story needs "
              + Demo.soa(amount));
    }
  }

  /** A fresh wallet with gas from the dev chain (anvil_setBalance: local chains only). */
  private static Credentials fresh(Deployment d) throws Exception {
    Credentials c = Credentials.create(Keys.createEcKeyPair());
    new DevChain(new HttpService(d.rpcUrl())).setBalance(c.getAddress(), Demo.SOA);
    return c;
  }
}
