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
  public static String typedData(long chainId, String escrow, BigInteger channelId,
      BigInteger cumulativeAmount) {
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
  public static byte[] digest(long chainId, String escrow, BigInteger channelId,
      BigInteger cumulativeAmount) {
    try {
      return new StructuredDataEncoder(typedData(chainId, escrow, channelId, cumulativeAmount))
          .hashStructuredData();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A 65-byte signature r || s || v (v = 27 or 28), low-s as web3j produces it. */
  public static byte[] sign(long chainId, String escrow, BigInteger channelId,
      BigInteger cumulativeAmount, ECKeyPair key) {
    Sign.SignatureData sig = Sign.signMessage(
        digest(chainId, escrow, channelId, cumulativeAmount), key, false);
    byte[] out = new byte[65];
    System.arraycopy(sig.getR(), 0, out, 0, 32);
    System.arraycopy(sig.getS(), 0, out, 32, 32);
    out[64] = sig.getV()[0];
    return out;
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
  public static String recover(long chainId, String escrow, BigInteger channelId,
      BigInteger cumulativeAmount, byte[] signature) throws java.security.SignatureException {
    Sign.SignatureData sig = new Sign.SignatureData(signature[64],
        Arrays.copyOfRange(signature, 0, 32), Arrays.copyOfRange(signature, 32, 64));
    BigInteger pub = Sign.signedMessageHashToKey(
        digest(chainId, escrow, channelId, cumulativeAmount), sig);
    return "0x" + Keys.getAddress(pub);
  }
}
