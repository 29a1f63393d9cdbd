package io.soa.contracts;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * EIP-712 hashing by hand for the fixed structs of the suite's contracts (a domain of name,
 * version, chain id and verifying contract; structs of 32-byte words): keccak of the encodings,
 * without parsing typed-data JSON per message as web3j's StructuredDataEncoder does (tests compare
 * the two).
 */
final class Eip712 {
  private static final byte[] DOMAIN_TYPEHASH =
      keccak("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

  private Eip712() {}

  static byte[] domainSeparator(String name, String version, long chainId, String contract) {
    return Hash.sha3(
        words(
            DOMAIN_TYPEHASH,
            keccak(name),
            keccak(version),
            uint(BigInteger.valueOf(chainId)),
            address(contract)));
  }

  /** The digest a signer signs: keccak(0x1901 || separator || keccak(struct)). */
  static byte[] digest(byte[] separator, byte[] struct) {
    byte[] msg = new byte[66];
    msg[0] = 0x19;
    msg[1] = 0x01;
    System.arraycopy(separator, 0, msg, 2, 32);
    System.arraycopy(Hash.sha3(struct), 0, msg, 34, 32);
    return Hash.sha3(msg);
  }

  /** 32-byte words one after the other, as abi.encode lays out static values. */
  static byte[] words(byte[]... ws) {
    byte[] out = new byte[32 * ws.length];
    for (int i = 0; i < ws.length; i++) {
      if (ws[i].length != 32) {
        throw new IllegalArgumentException("a 32-byte word was expected");
      }
      System.arraycopy(ws[i], 0, out, i * 32, 32);
    }
    return out;
  }

  static byte[] uint(BigInteger v) {
    return Numeric.toBytesPadded(v, 32);
  }

  static byte[] address(String a) {
    return Numeric.toBytesPadded(Numeric.toBigInt(a), 32);
  }

  static byte[] keccak(String s) {
    return Hash.sha3(s.getBytes(StandardCharsets.UTF_8));
  }
}
