package io.soa.contracts;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

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
  private static final byte[] DOMAIN_TYPEHASH =
      keccak("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

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
    byte[] enc = new byte[32 * 5];
    put(enc, 0, DOMAIN_TYPEHASH);
    put(enc, 1, keccak(name));
    put(enc, 2, keccak(version));
    put(enc, 3, Numeric.toBytesPadded(BigInteger.valueOf(chainId), 32));
    put(enc, 4, Numeric.toBytesPadded(Numeric.toBigInt(token), 32));
    this.separator = Hash.sha3(enc);
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
    byte[] struct = new byte[32 * 7];
    put(struct, 0, typehash);
    put(struct, 1, Numeric.toBytesPadded(Numeric.toBigInt(a.from()), 32));
    put(struct, 2, Numeric.toBytesPadded(Numeric.toBigInt(a.to()), 32));
    put(struct, 3, Numeric.toBytesPadded(a.value(), 32));
    put(struct, 4, Numeric.toBytesPadded(a.validAfter(), 32));
    put(struct, 5, Numeric.toBytesPadded(a.validBefore(), 32));
    put(struct, 6, a.nonce());
    byte[] msg = new byte[66];
    msg[0] = 0x19;
    msg[1] = 0x01;
    System.arraycopy(separator, 0, msg, 2, 32);
    System.arraycopy(Hash.sha3(struct), 0, msg, 34, 32);
    return Hash.sha3(msg);
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
    return Hash.sha3(s.getBytes(StandardCharsets.UTF_8));
  }

  private static void put(byte[] dst, int word, byte[] src) {
    if (src.length != 32) {
      throw new IllegalArgumentException("a 32-byte word was expected");
    }
    System.arraycopy(src, 0, dst, word * 32, 32);
  }
}
