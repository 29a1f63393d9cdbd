package io.soa.contracts;

import io.soa.contracts.generated.X402BatchSettlement;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * x402's {@code batch-settlement} channels (X402BatchSettlement.sol): the EIP-712 hashes the
 * contract and x402's clients compute, in the domain {@code x402 Batch Settlement} v1 of the
 * settlement contract. A channel's id is the hash of its config; a voucher signs a cumulative
 * ceiling for one channel; the receiver authorizer signs a batch of claims and each refund.
 */
public final class BatchChannels {
  /** Where x402's clients expect the contracts (CREATE2, the same on every chain they serve). */
  public static final String SETTLEMENT = "0x4020074e9df2ce1dee5a9c1b5c3f541d02a10003";

  public static final String ERC3009_COLLECTOR = "0x4020806089470a89826cb9fb1f4059150b550004";
  public static final String DOMAIN_NAME = "x402 Batch Settlement";
  public static final String DOMAIN_VERSION = "1";
  public static final long MIN_WITHDRAW_DELAY = 900;
  public static final long MAX_WITHDRAW_DELAY = 2_592_000;

  private static final byte[] CONFIG_TYPEHASH =
      keccak(
          "ChannelConfig(address payer,address payerAuthorizer,address receiver,address"
              + " receiverAuthorizer,address token,uint40 withdrawDelay,bytes32 salt)");
  private static final byte[] VOUCHER_TYPEHASH =
      keccak("Voucher(bytes32 channelId,uint128 maxClaimableAmount)");
  private static final byte[] REFUND_TYPEHASH =
      keccak("Refund(bytes32 channelId,uint256 nonce,uint128 amount)");
  private static final byte[] ENTRY_TYPEHASH =
      keccak("ClaimEntry(bytes32 channelId,uint128 maxClaimableAmount,uint128 totalClaimed)");
  private static final byte[] BATCH_TYPEHASH =
      keccak(
          "ClaimBatch(ClaimEntry[] claims)ClaimEntry(bytes32 channelId,uint128"
              + " maxClaimableAmount,uint128 totalClaimed)");

  /** A channel's immutable config; addresses lower-case, {@code salt} 32 bytes. */
  public record Config(
      String payer,
      String payerAuthorizer,
      String receiver,
      String receiverAuthorizer,
      String token,
      long withdrawDelay,
      byte[] salt) {

    /** As the contract takes it. */
    public X402BatchSettlement.ChannelConfig struct() {
      return new X402BatchSettlement.ChannelConfig(
          payer,
          payerAuthorizer,
          receiver,
          receiverAuthorizer,
          token,
          BigInteger.valueOf(withdrawDelay),
          salt);
    }
  }

  /** One row of a claim: the channel's latest voucher and what is claimed of it. */
  public record Claim(
      Config channel, BigInteger maxClaimableAmount, byte[] signature, BigInteger totalClaimed) {}

  private final byte[] separator;

  public BatchChannels(long chainId, String settlement) {
    this.separator = Eip712.domainSeparator(DOMAIN_NAME, DOMAIN_VERSION, chainId, settlement);
  }

  public byte[] channelId(Config c) {
    return typed(
        words(
            CONFIG_TYPEHASH,
            address(c.payer()),
            address(c.payerAuthorizer()),
            address(c.receiver()),
            address(c.receiverAuthorizer()),
            address(c.token()),
            uint(BigInteger.valueOf(c.withdrawDelay())),
            c.salt()));
  }

  public byte[] voucherDigest(byte[] channelId, BigInteger maxClaimableAmount) {
    return typed(words(VOUCHER_TYPEHASH, channelId, uint(maxClaimableAmount)));
  }

  public byte[] refundDigest(byte[] channelId, BigInteger nonce, BigInteger amount) {
    return typed(words(REFUND_TYPEHASH, channelId, uint(nonce), uint(amount)));
  }

  public byte[] claimBatchDigest(List<Claim> claims) {
    byte[][] entries = new byte[claims.size()][];
    for (int i = 0; i < entries.length; i++) {
      Claim c = claims.get(i);
      entries[i] =
          Hash.sha3(
              words(
                  ENTRY_TYPEHASH,
                  channelId(c.channel()),
                  uint(c.maxClaimableAmount()),
                  uint(c.totalClaimed())));
    }
    return typed(words(BATCH_TYPEHASH, Hash.sha3(words(entries))));
  }

  /** The ERC-3009 nonce of a deposit into {@code channelId}: keccak(abi.encode(id, salt)). */
  public static byte[] depositNonce(byte[] channelId, BigInteger salt) {
    return Hash.sha3(words(channelId, uint(salt)));
  }

  /** What the ERC-3009 collector decodes: abi.encode(validAfter, validBefore, salt, signature). */
  public static byte[] collectorData(
      BigInteger validAfter, BigInteger validBefore, BigInteger salt, byte[] signature) {
    return Numeric.hexStringToByteArray(
        FunctionEncoder.encodeConstructor(
            List.of(
                new Uint256(validAfter),
                new Uint256(validBefore),
                new Uint256(salt),
                new DynamicBytes(signature))));
  }

  /** A 65-byte signature r || s || v of {@code digest} by {@code key}. */
  public static byte[] sign(byte[] digest, ECKeyPair key) {
    Sign.SignatureData sig = Sign.signMessage(digest, key, false);
    byte[] out = new byte[65];
    System.arraycopy(sig.getR(), 0, out, 0, 32);
    System.arraycopy(sig.getS(), 0, out, 32, 32);
    out[64] = sig.getV()[0];
    return out;
  }

  public static String hex(byte[] b) {
    return Numeric.toHexString(b).toLowerCase(Locale.ROOT);
  }

  private byte[] typed(byte[] struct) {
    return Eip712.digest(separator, struct);
  }

  private static byte[] words(byte[]... ws) {
    return Eip712.words(ws);
  }

  private static byte[] uint(BigInteger v) {
    return Eip712.uint(v);
  }

  private static byte[] address(String a) {
    return Eip712.address(a);
  }

  private static byte[] keccak(String s) {
    return Eip712.keccak(s);
  }
}
