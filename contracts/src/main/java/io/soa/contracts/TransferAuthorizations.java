package io.soa.contracts;

import java.math.BigInteger;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;

/**
 * ERC-3009 {@code TransferWithAuthorization} in one token's EIP-712 domain ($SOA: name {@value
 * #SOA_NAME}, version {@value #SOA_VERSION}, bound to the chain id and the token's address): the
 * digest a payer signs and the address that signed one. What x402's {@code exact} scheme carries.
 */
public final class TransferAuthorizations {
  /** $SOA's EIP-712 domain name and version (SOAToken's ERC20Permit and ERC3009). */
  public static final String SOA_NAME = "SOA";

  public static final String SOA_VERSION = "1";

  private static final byte[] TYPEHASH =
      keccak(
          "TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,"
              + "uint256 validBefore,bytes32 nonce)");
  private static final byte[] RECEIVE_TYPEHASH =
      keccak(
          "ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,"
              + "uint256 validBefore,bytes32 nonce)");

  /** The fields a payer signs. */
  public record Authorization(
      String from,
      String to,
      BigInteger value,
      BigInteger validAfter,
      BigInteger validBefore,
      byte[] nonce) {}

  private final byte[] separator;

  /** The domain of the token at {@code token} on chain {@code chainId}. */
  public TransferAuthorizations(String name, String version, long chainId, String token) {
    this.separator = Eip712.domainSeparator(name, version, chainId, token);
  }

  /** The EIP-712 digest of {@code a} as a transferWithAuthorization. */
  public byte[] digest(Authorization a) {
    return digest(TYPEHASH, a);
  }

  /** The EIP-712 digest of {@code a} as a receiveWithAuthorization (only {@code to} submits it). */
  public byte[] receiveDigest(Authorization a) {
    return digest(RECEIVE_TYPEHASH, a);
  }

  private byte[] digest(byte[] typehash, Authorization a) {
    return Eip712.digest(
        separator,
        Eip712.words(
            typehash,
            Eip712.address(a.from()),
            Eip712.address(a.to()),
            Eip712.uint(a.value()),
            Eip712.uint(a.validAfter()),
            Eip712.uint(a.validBefore()),
            a.nonce()));
  }

  /** A 65-byte signature r || s || v of {@code a} by {@code key} (tests and tools). */
  public byte[] sign(Authorization a, ECKeyPair key) {
    Sign.SignatureData sig = Sign.signMessage(digest(a), key, false);
    byte[] out = new byte[65];
    System.arraycopy(sig.getR(), 0, out, 0, 32);
    System.arraycopy(sig.getS(), 0, out, 32, 32);
    out[64] = sig.getV()[0];
    return out;
  }

  private static byte[] keccak(String s) {
    return Eip712.keccak(s);
  }
}
