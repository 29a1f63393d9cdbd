package io.soa.client;

import java.io.IOException;
import java.nio.file.Path;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;

/**
 * The key that signs for a payer or a seller. Read from an encrypted JSON keystore (its password
 * from an environment variable) or from an environment variable holding the key, never from a
 * command line, where other users of the machine could read it.
 */
public final class Wallet {
  private final Credentials credentials;

  private Wallet(Credentials credentials) {
    this.credentials = credentials;
  }

  /** The key in environment variable {@code name} (hex, with or without 0x). */
  public static Wallet fromEnv(String name) {
    String key = System.getenv(name);
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException(
          "environment variable " + name + " holds no key: set it, or use a keystore");
    }
    return fromKey(key.strip());
  }

  /**
   * An encrypted keystore (web3j's, as geth and MetaMask export it), its password in {@code env}.
   */
  public static Wallet fromKeystore(Path file, String passwordEnv) {
    String password = System.getenv(passwordEnv);
    if (password == null) {
      throw new IllegalArgumentException(
          "environment variable " + passwordEnv + " holds no password for " + file);
    }
    try {
      return new Wallet(WalletUtils.loadCredentials(password, file.toFile()));
    } catch (IOException | CipherException e) {
      throw new IllegalArgumentException(
          file + " is not a keystore this password opens: " + e.getMessage(), e);
    }
  }

  /** web3j's credentials, for an application that has them already. */
  public static Wallet of(Credentials credentials) {
    return new Wallet(credentials);
  }

  /** A key given in code (tests, a local chain's dev accounts). */
  public static Wallet fromKey(String hex) {
    if (!hex.matches("^(0x)?[0-9a-fA-F]{64}$")) {
      throw new IllegalArgumentException("a private key is 32 bytes of hex");
    }
    return new Wallet(Credentials.create(hex));
  }

  /** The account's address, lower-case. */
  public String address() {
    return credentials.getAddress().toLowerCase(java.util.Locale.ROOT);
  }

  ECKeyPair keys() {
    return credentials.getEcKeyPair();
  }

  Credentials credentials() {
    return credentials;
  }
}
