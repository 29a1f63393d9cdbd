package io.soa.payment.service;

import io.soa.contracts.BatchChannels;
import io.soa.contracts.BatchChannels.Claim;
import io.soa.contracts.BatchChannels.Config;
import io.soa.contracts.generated.X402BatchSettlement;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint128;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * The settlement key's calls to X402BatchSettlement, encoded: a deposit through the ERC-3009
 * collector, and rounds of claims, settlements and refunds in one multicall transaction each (the
 * key is every channel's receiver authorizer, so its ClaimBatch signature and its own refund calls
 * are accepted).
 */
final class BatchCalls {
  static final BigInteger DEPOSIT_GAS = BigInteger.valueOf(300_000);

  private BatchCalls() {}

  /** Gas for a multicall of {@code claims} channels, {@code settles} receivers and a refund. */
  static BigInteger gas(int claims, int settles, boolean refund) {
    return BigInteger.valueOf(
        120_000L + 90_000L * claims + 60_000L * settles + (refund ? 90_000 : 0));
  }

  static String deposit(Config c, BigInteger amount, byte[] collectorData) {
    return FunctionEncoder.encode(
        new Function(
            "deposit",
            List.<Type>of(
                c.struct(),
                new Uint128(amount),
                new Address(BatchChannels.ERC3009_COLLECTOR),
                new DynamicBytes(collectorData)),
            List.of()));
  }

  /** claimWithSignature of {@code claims}, signed by {@code authorizer} over their ClaimBatch. */
  static byte[] claim(BatchChannels channels, List<Claim> claims, Credentials authorizer) {
    List<X402BatchSettlement.VoucherClaim> rows = new ArrayList<>();
    for (Claim c : claims) {
      rows.add(
          new X402BatchSettlement.VoucherClaim(
              new X402BatchSettlement.Voucher(c.channel().struct(), c.maxClaimableAmount()),
              c.signature(),
              c.totalClaimed()));
    }
    byte[] sig = BatchChannels.sign(channels.claimBatchDigest(claims), authorizer.getEcKeyPair());
    return bytes(
        new Function(
            "claimWithSignature",
            List.<Type>of(
                new DynamicArray<>(X402BatchSettlement.VoucherClaim.class, rows),
                new DynamicBytes(sig)),
            List.of()));
  }

  static byte[] settle(String receiver, String token) {
    return bytes(
        new Function(
            "settle", List.<Type>of(new Address(receiver), new Address(token)), List.of()));
  }

  static byte[] refund(Config c, BigInteger amount) {
    return bytes(new Function("refund", List.<Type>of(c.struct(), new Uint128(amount)), List.of()));
  }

  static String multicall(List<byte[]> calls) {
    List<DynamicBytes> items = calls.stream().map(DynamicBytes::new).toList();
    return FunctionEncoder.encode(
        new Function(
            "multicall", List.<Type>of(new DynamicArray<>(DynamicBytes.class, items)), List.of()));
  }

  private static byte[] bytes(Function f) {
    return Numeric.hexStringToByteArray(FunctionEncoder.encode(f));
  }
}
