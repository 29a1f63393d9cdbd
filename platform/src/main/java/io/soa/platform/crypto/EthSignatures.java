package io.soa.platform.crypto;

import fr.acinq.secp256k1.Secp256k1;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Who signed a 32-byte digest: the Ethereum address recovered from a 65-byte {@code r || s || v}
 * signature with native libsecp256k1 (about a quarter of web3j's BouncyCastle cost per recovery,
 * see STACK-NOTES). Signatures the contracts would refuse are refused here too: {@code s} in the
 * upper half of the curve order (EIP-2, as OpenZeppelin's ECDSA), {@code r} or {@code s} zero or
 * not below the order, {@code v} other than 27, 28, 0 or 1. Thread-safe.
 */
public final class EthSignatures {
  private EthSignatures() {}

  private static final BigInteger N =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
  private static final BigInteger HALF_N = N.shiftRight(1);

  /**
   * Who signed {@code message} with EIP-191 {@code personal_sign} (what wallets do for Sign-In with
   * Ethereum): the digest of {@code "\x19Ethereum Signed Message:\n" + length + message}.
   */
  public static Optional<String> recoverPersonal(String message, byte[] signature) {
    return recover(
        Sign.getEthereumMessageHash(message.getBytes(StandardCharsets.UTF_8)), signature);
  }

  /** The signer's address, lower-case {@code 0x} hex; empty when the signature is not valid. */
  public static Optional<String> recover(byte[] digest, byte[] signature) {
    if (digest == null || digest.length != 32 || signature == null || signature.length != 65) {
      return Optional.empty();
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    int v = signature[64] & 0xff;
    int recId = v >= 27 ? v - 27 : v;
    if (r.signum() == 0 || r.compareTo(N) >= 0 || s.signum() == 0 || s.compareTo(HALF_N) > 0) {
      return Optional.empty();
    }
    if (recId != 0 && recId != 1) {
      return Optional.empty();
    }
    byte[] key;
    try {
      key = Secp256k1.Companion.get().ecdsaRecover(Arrays.copyOf(signature, 64), digest, recId);
    } catch (RuntimeException e) { // the library refuses points not on the curve
      return Optional.empty();
    }
    byte[] hash = Hash.sha3(Arrays.copyOfRange(key, 1, 65));
    return Optional.of(
        Numeric.toHexString(Arrays.copyOfRange(hash, 12, 32)).toLowerCase(Locale.ROOT));
  }
}
