package io.soa.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;

/**
 * Pay-per-use vouchers: EIP-712 typed data {@code Voucher(uint256 channelId, uint256
 * cumulativeAmount)} in the domain {@code SOA UsageEscrow} v1, bound to the chain id and the
 * escrow's address. Hashing and signing go through web3j's EIP-712 encoder.
 */
public final class Vouchers {
  private Vouchers() {}

  public static final String DOMAIN_NAME = "SOA UsageEscrow";
  public static final String DOMAIN_VERSION = "1";

  /** The voucher as EIP-712 JSON typed data (what a wallet's eth_signTypedData_v4 signs). */
  public static String typedData(
      long chainId, String escrow, BigInteger channelId, BigInteger cumulativeAmount) {
    return """
        {"types": {
           "EIP712Domain": [{"name": "name", "type": "string"}, {"name": "version", "type": "string"},
                            {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"}],
           "Voucher": [{"name": "channelId", "type": "uint256"}, {"name": "cumulativeAmount", "type": "uint256"}]},
         "primaryType": "Voucher",
         "domain": {"name": "%s", "version": "%s", "chainId": %d, "verifyingContract": "%s"},
         "message": {"channelId": "%s", "cumulativeAmount": "%s"}}"""
        .formatted(DOMAIN_NAME, DOMAIN_VERSION, chainId, escrow, channelId, cumulativeAmount);
  }

  /** The 32-byte digest the channel's signer signs. */
  public static byte[] digest(
      long chainId, String escrow, BigInteger channelId, BigInteger cumulativeAmount) {
    try {
      return new StructuredDataEncoder(typedData(chainId, escrow, channelId, cumulativeAmount))
          .hashStructuredData();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The voucher digest of one escrow, computed directly (keccak of the EIP-712 encoding) for hot
   * paths; equal to {@link #digest} (tested), without parsing typed-data JSON per voucher.
   */
  public static final class Domain {
    private static final byte[] TYPEHASH =
        org.web3j.crypto.Hash.sha3(
            "Voucher(uint256 channelId,uint256 cumulativeAmount)"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    private final byte[] separator;

    public Domain(long chainId, String escrow) {
      byte[] enc = new byte[32 * 5];
      put(
          enc,
          0,
          org.web3j.crypto.Hash.sha3(
              ("EIP712Domain(string name,string version,uint256 chainId,"
                      + "address verifyingContract)")
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      put(
          enc,
          1,
          org.web3j.crypto.Hash.sha3(
              DOMAIN_NAME.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      put(
          enc,
          2,
          org.web3j.crypto.Hash.sha3(
              DOMAIN_VERSION.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      put(enc, 3, org.web3j.utils.Numeric.toBytesPadded(BigInteger.valueOf(chainId), 32));
      put(
          enc,
          4,
          org.web3j.utils.Numeric.toBytesPadded(org.web3j.utils.Numeric.toBigInt(escrow), 32));
      this.separator = org.web3j.crypto.Hash.sha3(enc);
    }

    public byte[] digest(BigInteger channelId, BigInteger cumulativeAmount) {
      byte[] struct = new byte[96];
      put(struct, 0, TYPEHASH);
      put(struct, 1, org.web3j.utils.Numeric.toBytesPadded(channelId, 32));
      put(struct, 2, org.web3j.utils.Numeric.toBytesPadded(cumulativeAmount, 32));
      byte[] msg = new byte[66];
      msg[0] = 0x19;
      msg[1] = 0x01;
      System.arraycopy(separator, 0, msg, 2, 32);
      System.arraycopy(org.web3j.crypto.Hash.sha3(struct), 0, msg, 34, 32);
      return org.web3j.crypto.Hash.sha3(msg);
    }

    /** A 65-byte signature of the voucher, as {@link Vouchers#sign}. */
    public byte[] sign(BigInteger channelId, BigInteger cumulativeAmount, ECKeyPair key) {
      return toBytes(Sign.signMessage(digest(channelId, cumulativeAmount), key, false));
    }

    private static void put(byte[] dst, int word, byte[] src) {
      System.arraycopy(src, 0, dst, word * 32, 32);
    }
  }

  private static byte[] toBytes(Sign.SignatureData sig) {
    byte[] out = new byte[65];
    System.arraycopy(sig.getR(), 0, out, 0, 32);
    System.arraycopy(sig.getS(), 0, out, 32, 32);
    out[64] = sig.getV()[0];
    return out;
  }

  /** A 65-byte signature r || s || v (v = 27 or 28), low-s as web3j produces it. */
  public static byte[] sign(
      long chainId,
      String escrow,
      BigInteger channelId,
      BigInteger cumulativeAmount,
      ECKeyPair key) {
    return toBytes(
        Sign.signMessage(digest(chainId, escrow, channelId, cumulativeAmount), key, false));
  }

  /** EIP-2098 compact form of a 65-byte signature: {@code r} and {@code vs = s | (v-27) << 255}. */
  public static byte[][] compact(byte[] signature) {
    byte[] r = Arrays.copyOfRange(signature, 0, 32);
    byte[] vs = Arrays.copyOfRange(signature, 32, 64);
    if (signature[64] == 28) {
      vs[0] |= (byte) 0x80;
    }
    return new byte[][] {r, vs};
  }

  /** The address that signed {@code signature} over the voucher, lower-case. */
  public static String recover(
      long chainId,
      String escrow,
      BigInteger channelId,
      BigInteger cumulativeAmount,
      byte[] signature)
      throws java.security.SignatureException {
    Sign.SignatureData sig =
        new Sign.SignatureData(
            signature[64],
            Arrays.copyOfRange(signature, 0, 32),
            Arrays.copyOfRange(signature, 32, 64));
    BigInteger pub =
        Sign.signedMessageHashToKey(digest(chainId, escrow, channelId, cumulativeAmount), sig);
    return "0x" + Keys.getAddress(pub);
  }
}
