package io.soa.devchain;

import org.web3j.crypto.Credentials;

/**
 * anvil's well-known development accounts (derived from the public test mnemonic "test test ...
 * junk"). PUBLIC KEYS FOR LOCAL DEV CHAINS ONLY: anyone can spend from them on a real network.
 * Never use them outside anvil.
 */
public final class DevAccounts {
  private DevAccounts() {}

  private static final String[] KEYS = {
    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
    "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
    "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
  };

  /**
   * Account 5: signs the payment-service's settlement transactions on a local chain (anvil's
   * well-known dev key; never on a real network).
   */
  public static Credentials settlement() {
    return account(5);
  }

  /** Account 0: the deployer and admin of the local stack. */
  public static Credentials deployer() {
    return account(0);
  }

  /** Dev account 4: the treasury of the local stack, which receives platform fees. */
  public static Credentials treasury() {
    return account(4);
  }

  /** Dev account {@code i} (0 to 4). */
  public static Credentials account(int i) {
    return Credentials.create(KEYS[i]);
  }
}
