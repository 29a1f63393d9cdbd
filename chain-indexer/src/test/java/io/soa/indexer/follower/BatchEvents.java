package io.soa.indexer.follower;

import static org.assertj.core.api.Assertions.assertThat;

import io.soa.contracts.BatchChannels;
import io.soa.contracts.TransferAuthorizations;
import io.soa.contracts.TransferAuthorizations.Authorization;
import io.soa.contracts.generated.X402BatchSettlement;
import io.soa.devchain.Chain;
import io.soa.devchain.DevChain;
import java.math.BigInteger;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;

/**
 * Every event of x402's batch-settlement contract, made on chain: a deposit through the ERC-3009
 * collector, a claim, a settle, a refund, and a timed withdrawal started and finalized.
 */
final class BatchEvents {
  private BatchEvents() {}

  static void exercise(
      Web3j web3j,
      DevChain dev,
      long chainId,
      String soa,
      Credentials payer,
      Credentials authorizer)
      throws Exception {
    BigInteger one = BigInteger.TEN.pow(18);
    var channels = new BatchChannels(chainId, BatchChannels.SETTLEMENT);
    String receiver = authorizer.getAddress().toLowerCase();
    var c =
        new BatchChannels.Config(
            payer.getAddress().toLowerCase(),
            payer.getAddress().toLowerCase(),
            receiver,
            receiver,
            soa.toLowerCase(),
            900,
            new byte[32]);
    byte[] id = channels.channelId(c);
    BigInteger salt = BigInteger.valueOf(42);
    BigInteger before = BigInteger.valueOf(dev.now() + 600);
    Authorization a =
        new Authorization(
            c.payer(),
            BatchChannels.ERC3009_COLLECTOR,
            one.multiply(BigInteger.TEN),
            BigInteger.ZERO,
            before,
            BatchChannels.depositNonce(id, salt));
    byte[] authSig =
        BatchChannels.sign(
            new TransferAuthorizations("SOA", "1", chainId, soa).receiveDigest(a),
            payer.getEcKeyPair());
    X402BatchSettlement s =
        Chain.load(X402BatchSettlement.class, BatchChannels.SETTLEMENT, web3j, authorizer);
    ok(
        s.deposit(
            c.struct(),
            a.value(),
            BatchChannels.ERC3009_COLLECTOR,
            BatchChannels.collectorData(BigInteger.ZERO, before, salt, authSig)));
    byte[] voucher = BatchChannels.sign(channels.voucherDigest(id, one), payer.getEcKeyPair());
    ok(
        s.claim(
            List.of(
                new X402BatchSettlement.VoucherClaim(
                    new X402BatchSettlement.Voucher(c.struct(), one), voucher, one))));
    ok(s.settle(receiver, soa));
    ok(s.refund(c.struct(), one));
    X402BatchSettlement byPayer =
        Chain.load(X402BatchSettlement.class, BatchChannels.SETTLEMENT, web3j, payer);
    ok(byPayer.initiateWithdraw(c.struct(), one.multiply(BigInteger.TWO)));
    dev.increaseTime(901);
    ok(byPayer.finalizeWithdraw(c.struct()));
  }

  private static void ok(org.web3j.protocol.core.RemoteFunctionCall<?> call) throws Exception {
    var r = (org.web3j.protocol.core.methods.response.TransactionReceipt) call.send();
    assertThat(r.isStatusOK()).isTrue();
  }
}
