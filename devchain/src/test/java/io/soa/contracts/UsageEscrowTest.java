package io.soa.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.soa.contracts.generated.SOAToken;
import io.soa.contracts.generated.UsageEscrow;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

class UsageEscrowTest extends ChainTestBase {
  static final Credentials MODEL_OWNER = DevAccounts.account(1);
  static final Credentials PAYER = DevAccounts.account(2);
  static final Credentials STRANGER = DevAccounts.account(3);
  static final BigInteger N =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

  static String escrowAddr() {
    return addr("UsageEscrow");
  }

  static void deposit(Credentials who, BigInteger amount) {
    fund(who, amount);
    approve(who, escrowAddr(), amount);
    ok(escrow(who).deposit(amount));
  }

  static BigInteger open(
      Credentials payer, BigInteger model, BigInteger amount, long ttl, String signer) {
    TransactionReceipt r =
        ok(escrow(payer).openChannel(model, amount, BigInteger.valueOf(dev.now() + ttl), signer));
    var e = UsageEscrow.getChannelOpenedEvents(r).get(0);
    assertThat(e.deposit).isEqualTo(amount);
    assertThat(e.modelId).isEqualTo(model);
    assertThat(e.signer).isEqualToIgnoringCase(signer);
    return e.channelId;
  }

  static byte[] voucher(BigInteger channel, BigInteger cumulative, Credentials key) {
    return Vouchers.sign(
        deployment.chainId(), escrowAddr(), channel, cumulative, key.getEcKeyPair());
  }

  @Test
  void depositAndWithdrawTheUnlockedBalance() throws Exception {
    Credentials u = DevAccounts.account(3);
    BigInteger before = soaBalance(u.getAddress());
    fund(u, soa(10));
    approve(u, escrowAddr(), soa(10));
    var d = UsageEscrow.getDepositedEvents(ok(escrow(u).deposit(soa(10)))).get(0);
    assertThat(d.amount).isEqualTo(soa(10));
    assertThat(read(escrow(u).balanceOf(u.getAddress()))).isEqualTo(d.balance);
    var w = UsageEscrow.getWithdrawnEvents(ok(escrow(u).withdraw(soa(4)))).get(0);
    assertThat(w.balance).isEqualTo(d.balance.subtract(soa(4)));
    Reverts.assertReverts(
        web3j,
        u,
        escrowAddr(),
        escrow(u).withdraw(soa(100)),
        "InsufficientBalance(uint256,uint256)");
    Reverts.assertReverts(
        web3j, u, escrowAddr(), escrow(u).withdraw(BigInteger.ZERO), "ZeroAmount()");
    assertThat(soaBalance(u.getAddress())).isEqualTo(before.add(soa(4)));
  }

  @Test
  void depositWithPermitAndInputChecks() throws Exception {
    Credentials u = DevAccounts.account(3);
    fund(u, soa(2));
    approve(u, escrowAddr(), BigInteger.ZERO);
    BigInteger deadline = BigInteger.valueOf(dev.now() + 600);
    var sig = Permits.sign(web3j, soa(ADMIN), u, escrowAddr(), soa(2), deadline);
    BigInteger before = read(escrow(ADMIN).balanceOf(u.getAddress()));
    var d =
        UsageEscrow.getDepositedEvents(
                ok(
                    escrow(u)
                        .depositWithPermit(
                            soa(2), deadline, BigInteger.valueOf(sig.v()), sig.r(), sig.s())))
            .get(0);
    assertThat(d.balance).isEqualTo(before.add(soa(2)));

    String at = escrowAddr();
    BigInteger model = newModel(MODEL_OWNER, 0);
    BigInteger later = BigInteger.valueOf(dev.now() + 600);
    Reverts.assertReverts(web3j, u, at, escrow(u).deposit(BigInteger.ZERO), "ZeroAmount()");
    Reverts.assertReverts(
        web3j,
        u,
        at,
        escrow(u).openChannel(model, BigInteger.ZERO, later, u.getAddress()),
        "ZeroAmount()");
    Reverts.assertReverts(
        web3j,
        u,
        at,
        escrow(u).openChannel(model, BigInteger.TWO.pow(128), later, u.getAddress()),
        "AmountTooLarge()");
    Reverts.assertReverts(
        web3j,
        u,
        at,
        escrow(u).openChannel(BigInteger.TWO.pow(96), soa(1), later, u.getAddress()),
        "ModelIdTooLarge(uint256)");
    Reverts.assertReverts(
        web3j,
        u,
        at,
        escrow(u).openChannel(model, soa(1), later, "0x" + "0".repeat(40)),
        "ZeroAddress()");
    Reverts.assertReverts(
        web3j,
        u,
        at,
        escrow(u).extend(BigInteger.valueOf(777), soa(1), later),
        "UnknownChannel(uint256)");
    Reverts.assertReverts(
        web3j, u, at, escrow(u).closeExpired(BigInteger.valueOf(777)), "UnknownChannel(uint256)");
    Reverts.assertReverts(
        web3j,
        MODEL_OWNER,
        addr("LicenseToken"),
        licenses(MODEL_OWNER)
            .createTier(
                model,
                BigInteger.TWO.pow(128),
                BigInteger.ZERO,
                BigInteger.ZERO,
                BigInteger.ZERO,
                true,
                new byte[32],
                List.of()),
        "PriceTooHigh()");
  }

  @Test
  void claimPaysTheIncrementToTheCurrentOwnerMinusFeeOnce() throws Exception {
    BigInteger model = newModel(MODEL_OWNER, 0);
    deposit(PAYER, soa(10));
    BigInteger ch = open(PAYER, model, soa(10), 3600, PAYER.getAddress());
    assertThat(Vouchers.digest(deployment.chainId(), escrowAddr(), ch, soa(3)))
        .isEqualTo(read(escrow(ADMIN).voucherDigest(ch, soa(3))))
        .isEqualTo(new Vouchers.Domain(deployment.chainId(), escrowAddr()).digest(ch, soa(3)));

    BigInteger owner0 = soaBalance(MODEL_OWNER.getAddress());
    BigInteger treasury0 = soaBalance(TREASURY.getAddress());
    BigInteger escrow0 = soaBalance(escrowAddr());
    BigInteger c1 = soa(3).add(BigInteger.valueOf(11));
    var e1 =
        UsageEscrow.getChannelClaimedEvents(
                ok(escrow(STRANGER).claim(ch, c1, voucher(ch, c1, PAYER))))
            .get(0);
    assertThat(e1.paid).isEqualTo(c1);
    assertThat(e1.fee).isEqualTo(fee(c1));
    assertThat(e1.payee).isEqualToIgnoringCase(MODEL_OWNER.getAddress());
    assertThat(soaBalance(MODEL_OWNER.getAddress())).isEqualTo(owner0.add(c1.subtract(fee(c1))));
    assertThat(soaBalance(TREASURY.getAddress())).isEqualTo(treasury0.add(fee(c1)));
    assertThat(soaBalance(escrowAddr())).isEqualTo(escrow0.subtract(c1));

    // the same voucher again, or an older one: nothing to claim
    Reverts.assertReverts(
        web3j,
        STRANGER,
        escrowAddr(),
        escrow(STRANGER).claim(ch, c1, voucher(ch, c1, PAYER)),
        "NothingToClaim(uint256,uint256,uint256)");
    Reverts.assertReverts(
        web3j,
        STRANGER,
        escrowAddr(),
        escrow(STRANGER).claim(ch, soa(1), voucher(ch, soa(1), PAYER)),
        "NothingToClaim(uint256,uint256,uint256)");

    // after a sale of the model token the next increment goes to the new owner
    ok(registry(MODEL_OWNER).transferFrom(MODEL_OWNER.getAddress(), STRANGER.getAddress(), model));
    BigInteger stranger0 = soaBalance(STRANGER.getAddress());
    BigInteger c2 = soa(5);
    var e2 =
        UsageEscrow.getChannelClaimedEvents(ok(escrow(ADMIN).claim(ch, c2, voucher(ch, c2, PAYER))))
            .get(0);
    BigInteger inc = c2.subtract(c1);
    assertThat(e2.paid).isEqualTo(inc);
    assertThat(soaBalance(STRANGER.getAddress())).isEqualTo(stranger0.add(inc.subtract(fee(inc))));
    assertThat(read(escrow(ADMIN).channel(ch)).claimed).isEqualTo(c2);
  }

  @Test
  void forgedReplayedAndOversizedVouchersAreRejected() throws Exception {
    BigInteger model = newModel(MODEL_OWNER, 0);
    deposit(PAYER, soa(20));
    BigInteger ch1 = open(PAYER, model, soa(5), 3600, PAYER.getAddress());
    BigInteger ch2 = open(PAYER, model, soa(5), 3600, PAYER.getAddress());
    String at = escrowAddr();
    UsageEscrow e = escrow(STRANGER);

    Reverts.assertReverts(
        web3j,
        STRANGER,
        at,
        e.claim(ch1, soa(6), voucher(ch1, soa(6), PAYER)),
        "ClaimAboveDeposit(uint256,uint256,uint256)");
    Reverts.assertReverts(
        web3j,
        STRANGER,
        at,
        e.claim(ch1, soa(1), voucher(ch1, soa(1), STRANGER)),
        "InvalidSignature(uint256)");
    // a voucher of channel 1 does not pay channel 2
    Reverts.assertReverts(
        web3j,
        STRANGER,
        at,
        e.claim(ch2, soa(1), voucher(ch1, soa(1), PAYER)),
        "InvalidSignature(uint256)");
    // a voucher for another chain id
    byte[] otherChain = Vouchers.sign(1, at, ch1, soa(1), PAYER.getEcKeyPair());
    Reverts.assertReverts(
        web3j, STRANGER, at, e.claim(ch1, soa(1), otherChain), "InvalidSignature(uint256)");
    // a voucher for another escrow (a second deployment on the same chain)
    UsageEscrow other =
        UsageEscrow.deploy(
                web3j,
                Chain.txManager(web3j, ADMIN),
                Chain.DEV_GAS,
                addr("SOAToken"),
                addr("ModelRegistry"),
                ADMIN.getAddress(),
                TREASURY.getAddress(),
                BigInteger.valueOf(FEE_BPS))
            .send();
    byte[] otherEscrow =
        Vouchers.sign(
            deployment.chainId(), other.getContractAddress(), ch1, soa(1), PAYER.getEcKeyPair());
    Reverts.assertReverts(
        web3j, STRANGER, at, e.claim(ch1, soa(1), otherEscrow), "InvalidSignature(uint256)");
    // the malleable twin of a valid signature (s -> n - s, v flipped)
    byte[] good = voucher(ch1, soa(1), PAYER);
    byte[] twin = good.clone();
    byte[] highS =
        N.subtract(new BigInteger(1, java.util.Arrays.copyOfRange(good, 32, 64))).toByteArray();
    byte[] s32 = new byte[32];
    System.arraycopy(
        highS,
        Math.max(0, highS.length - 32),
        s32,
        Math.max(0, 32 - highS.length),
        Math.min(32, highS.length));
    System.arraycopy(s32, 0, twin, 32, 32);
    twin[64] = (byte) (good[64] == 27 ? 28 : 27);
    Reverts.assertReverts(
        web3j, STRANGER, at, e.claim(ch1, soa(1), twin), "ECDSAInvalidSignatureS(bytes32)");
    Reverts.assertReverts(
        web3j,
        STRANGER,
        at,
        e.claim(BigInteger.valueOf(999), soa(1), good),
        "UnknownChannel(uint256)");
    // the genuine one still pays
    ok(e.claim(ch1, soa(1), good));
    assertThat(Vouchers.recover(deployment.chainId(), at, ch1, soa(1), good))
        .isEqualTo(PAYER.getAddress().toLowerCase());
  }

  @Test
  void delegatedSignerExtendAndCloseAfterTheClaimWindow() throws Exception {
    BigInteger model = newModel(MODEL_OWNER, 0);
    Credentials hot = Credentials.create(Keys.createEcKeyPair());
    deposit(PAYER, soa(10));
    String at = escrowAddr();
    Reverts.assertReverts(
        web3j,
        PAYER,
        at,
        escrow(PAYER)
            .openChannel(model, soa(1), BigInteger.valueOf(dev.now() - 1), hot.getAddress()),
        "ExpiryInPast(uint64)");
    Reverts.assertReverts(
        web3j,
        PAYER,
        at,
        escrow(PAYER)
            .openChannel(model, soa(100), BigInteger.valueOf(dev.now() + 60), hot.getAddress()),
        "InsufficientBalance(uint256,uint256)");
    Reverts.assertReverts(
        web3j,
        PAYER,
        at,
        escrow(PAYER)
            .openChannel(
                BigInteger.valueOf(99_999),
                soa(1),
                BigInteger.valueOf(dev.now() + 60),
                hot.getAddress()),
        "ERC721NonexistentToken(uint256)");
    BigInteger balance0 = read(escrow(ADMIN).balanceOf(PAYER.getAddress()));
    BigInteger ch = open(PAYER, model, soa(4), 600, hot.getAddress());
    assertThat(read(escrow(ADMIN).balanceOf(PAYER.getAddress())))
        .isEqualTo(balance0.subtract(soa(4)));

    long exp = read(escrow(ADMIN).channel(ch)).expiresAt.longValueExact();
    Reverts.assertReverts(
        web3j,
        STRANGER,
        at,
        escrow(STRANGER).extend(ch, soa(1), BigInteger.valueOf(exp + 10)),
        "NotPayer(uint256,address)");
    Reverts.assertReverts(
        web3j,
        PAYER,
        at,
        escrow(PAYER).extend(ch, soa(1), BigInteger.valueOf(exp - 1)),
        "ExpiryEarlier(uint64,uint64)");
    var ext =
        UsageEscrow.getChannelExtendedEvents(
                ok(escrow(PAYER).extend(ch, soa(2), BigInteger.valueOf(exp + 600))))
            .get(0);
    assertThat(ext.deposit).isEqualTo(soa(6));

    ok(escrow(STRANGER).claim(ch, soa(2), voucher(ch, soa(2), hot)));
    Reverts.assertReverts(
        web3j, PAYER, at, escrow(PAYER).closeExpired(ch), "ClaimWindowOpen(uint256,uint256)");
    // expired, but the payee's claim window (1 day by default) is still open: no close, claims work
    dev.increaseTime(1300);
    Reverts.assertReverts(
        web3j, PAYER, at, escrow(PAYER).closeExpired(ch), "ClaimWindowOpen(uint256,uint256)");
    ok(escrow(STRANGER).claim(ch, soa(3), voucher(ch, soa(3), hot)));
    dev.increaseTime(86_400);
    BigInteger payer0 = soaBalance(PAYER.getAddress());
    var closedReceipt = ok(escrow(STRANGER).closeExpired(ch));
    var closed = UsageEscrow.getChannelClosedEvents(closedReceipt).get(0);
    assertThat(closed.refund).isEqualTo(soa(3));
    assertThat(closed.claimed).isEqualTo(soa(3));
    assertThat(soaBalance(PAYER.getAddress())).isEqualTo(payer0.add(soa(3)));
    assertThat(read(escrow(ADMIN).channel(ch)).closed).isTrue();
    // a closed channel stays closed: no second close (one ChannelClosed), no extend, no claim
    Reverts.assertReverts(
        web3j, STRANGER, at, escrow(STRANGER).closeExpired(ch), "ChannelIsClosed(uint256)");
    Reverts.assertReverts(
        web3j,
        PAYER,
        at,
        escrow(PAYER).extend(ch, BigInteger.ZERO, BigInteger.valueOf(dev.now() + 3600)),
        "ChannelIsClosed(uint256)");
    Reverts.assertReverts(
        web3j,
        STRANGER,
        at,
        escrow(STRANGER).claim(ch, soa(4), voucher(ch, soa(4), hot)),
        "ChannelIsClosed(uint256)");
    var skipped =
        UsageEscrow.getClaimSkippedEvents(
                ok(escrow(STRANGER).claimBatch(List.of(claim(ch, soa(4), hot)))))
            .get(0);
    assertThat(Numeric.toHexString(skipped.reason))
        .isEqualTo(Reverts.selector("ChannelIsClosed(uint256)"));
  }

  @Test
  void onlyTheAdminSetsTheClaimWindowWithinItsBounds() throws Exception {
    String at = escrowAddr();
    assertThat(read(escrow(ADMIN).claimWindow())).isEqualTo(BigInteger.valueOf(86_400));
    Reverts.assertReverts(
        web3j,
        STRANGER,
        at,
        escrow(STRANGER).setClaimWindow(BigInteger.valueOf(7200)),
        "OwnableUnauthorizedAccount(address)");
    Reverts.assertReverts(
        web3j,
        ADMIN,
        at,
        escrow(ADMIN).setClaimWindow(BigInteger.valueOf(3599)),
        "ClaimWindowOutOfRange(uint64)");
    Reverts.assertReverts(
        web3j,
        ADMIN,
        at,
        escrow(ADMIN).setClaimWindow(BigInteger.valueOf(30L * 86_400 + 1)),
        "ClaimWindowOutOfRange(uint64)");
    var changed =
        UsageEscrow.getClaimWindowChangedEvents(
                ok(escrow(ADMIN).setClaimWindow(BigInteger.valueOf(7200))))
            .get(0);
    assertThat(changed.oldClaimWindow).isEqualTo(BigInteger.valueOf(86_400));
    assertThat(changed.newClaimWindow).isEqualTo(BigInteger.valueOf(7200));
    // a shorter window applies to open channels too: closable 2 h after expiry
    BigInteger model = newModel(MODEL_OWNER, 0);
    deposit(PAYER, soa(1));
    BigInteger ch = open(PAYER, model, soa(1), 60, PAYER.getAddress());
    dev.increaseTime(60 + 7000);
    Reverts.assertReverts(
        web3j, PAYER, at, escrow(PAYER).closeExpired(ch), "ClaimWindowOpen(uint256,uint256)");
    dev.increaseTime(300);
    assertThat(UsageEscrow.getChannelClosedEvents(ok(escrow(PAYER).closeExpired(ch))).get(0).refund)
        .isEqualTo(soa(1));
    ok(escrow(ADMIN).setClaimWindow(BigInteger.valueOf(86_400)));
  }

  @Test
  void claimBatchPaysEachPayeeOnceAndSkipsBadEntries() {
    Credentials ownerB = DevAccounts.account(3);
    BigInteger m1 = newModel(MODEL_OWNER, 0);
    BigInteger m2 = newModel(ownerB, 0);
    deposit(PAYER, soa(30));
    BigInteger a = open(PAYER, m1, soa(10), 3600, PAYER.getAddress());
    BigInteger b = open(PAYER, m1, soa(10), 3600, PAYER.getAddress());
    BigInteger c = open(PAYER, m2, soa(10), 3600, PAYER.getAddress());
    List<UsageEscrow.Claim> claims = new ArrayList<>();
    claims.add(claim(a, soa(1), PAYER));
    claims.add(claim(b, soa(2), PAYER));
    claims.add(claim(c, soa(3), PAYER));
    claims.add(claim(c, soa(50), PAYER)); // above deposit: skipped
    claims.add(claim(a, soa(4), STRANGER)); // wrong signer: skipped
    BigInteger owner0 = soaBalance(MODEL_OWNER.getAddress());
    BigInteger ownerB0 = soaBalance(ownerB.getAddress());
    BigInteger treasury0 = soaBalance(TREASURY.getAddress());

    TransactionReceipt r = ok(escrow(STRANGER).claimBatch(claims));
    assertThat(UsageEscrow.getChannelClaimedEvents(r)).hasSize(3);
    assertThat(UsageEscrow.getClaimSkippedEvents(r))
        .extracting(s -> s.channelId)
        .containsExactly(c, a);
    // one transfer to the treasury and one per distinct payee
    assertThat(SOAToken.getTransferEvents(r)).hasSize(3);
    BigInteger fee = fee(soa(1)).add(fee(soa(2))).add(fee(soa(3)));
    assertThat(soaBalance(TREASURY.getAddress())).isEqualTo(treasury0.add(fee));
    assertThat(soaBalance(MODEL_OWNER.getAddress()))
        .isEqualTo(owner0.add(soa(3)).subtract(fee(soa(1))).subtract(fee(soa(2))));
    assertThat(soaBalance(ownerB.getAddress()))
        .isEqualTo(ownerB0.add(soa(3)).subtract(fee(soa(3))));
  }

  @Test
  void randomClaimSequencesNeverPayMoreThanDepositedAndConserveTokens() {
    Random rnd = new Random(20261126L);
    BigInteger model = newModel(MODEL_OWNER, 0);
    deposit(PAYER, soa(100));
    List<String> holders =
        List.of(
            PAYER.getAddress(),
            MODEL_OWNER.getAddress(),
            TREASURY.getAddress(),
            STRANGER.getAddress(),
            escrowAddr());
    BigInteger total0 =
        holders.stream().map(ChainTestBase::soaBalance).reduce(BigInteger.ZERO, BigInteger::add);
    for (int round = 0; round < 3; round++) {
      BigInteger depositAmt = soa(1 + rnd.nextInt(20));
      BigInteger ch = open(PAYER, model, depositAmt, 3600, PAYER.getAddress());
      BigInteger paidOut = BigInteger.ZERO;
      for (int i = 0; i < 12; i++) {
        // cumulative amounts around and above the deposit, in random order
        BigInteger cum =
            depositAmt.multiply(BigInteger.valueOf(rnd.nextInt(13))).divide(BigInteger.TEN);
        try {
          TransactionReceipt r = escrow(STRANGER).claim(ch, cum, voucher(ch, cum, PAYER)).send();
          if (r.isStatusOK()) {
            paidOut = paidOut.add(UsageEscrow.getChannelClaimedEvents(r).get(0).paid);
          }
        } catch (Exception reverted) {
          // stale or above the deposit: must pay nothing
        }
        var state = read(escrow(ADMIN).channel(ch));
        assertThat(state.claimed).isEqualTo(paidOut);
        assertThat(paidOut).isLessThanOrEqualTo(depositAmt);
      }
    }
    BigInteger total1 =
        holders.stream().map(ChainTestBase::soaBalance).reduce(BigInteger.ZERO, BigInteger::add);
    assertThat(total1).isEqualTo(total0);
  }

  static UsageEscrow.Claim claim(BigInteger channel, BigInteger cumulative, Credentials key) {
    byte[][] rvs = Vouchers.compact(voucher(channel, cumulative, key));
    return new UsageEscrow.Claim(channel, cumulative, rvs[0], rvs[1]);
  }
}
