package io.soa.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.soa.contracts.generated.LicenseToken;
import io.soa.contracts.generated.Marketplace;
import io.soa.contracts.generated.UsageEscrow;
import io.soa.contracts.testing.Attacker;
import io.soa.contracts.testing.HookToken;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Payouts that hand control to the payee (an ERC-721 receiver hook, an ERC-20 with transfer hooks)
 * cannot re-enter the paying contract.
 */
class ReentrancyTest extends ChainTestBase {
  static final Credentials OWNER = DevAccounts.account(1);
  static final Credentials BUYER = DevAccounts.account(2);
  static final String REENTRANT =
      "0x" + Hash.sha3String("ReentrancyGuardReentrantCall()").substring(2, 10);

  static Attacker attacker() throws Exception {
    return Attacker.deploy(web3j, Chain.txManager(web3j, ADMIN), Chain.DEV_GAS).send();
  }

  static byte[] call(org.web3j.protocol.core.RemoteFunctionCall<?> f) {
    return Numeric.hexStringToByteArray(f.encodeFunctionCall());
  }

  static void assertBlocked(Attacker a) {
    assertThat(read(a.attempted())).as("the attack ran").isTrue();
    assertThat(read(a.reentered())).as("re-entry succeeded").isFalse();
    assertThat(Numeric.toHexString(read(a.lastError()))).isEqualTo(REENTRANT);
  }

  @Test
  void licenseMintToAReceiverCannotReenterPurchase() throws Exception {
    BigInteger model = newModel(OWNER, 0);
    BigInteger tierId =
        LicenseToken.getTierCreatedEvents(
                ok(
                    licenses(OWNER)
                        .createTier(
                            model,
                            soa(1),
                            BigInteger.ZERO,
                            BigInteger.ZERO,
                            BigInteger.ZERO,
                            true,
                            new byte[32],
                            List.of())))
            .get(0)
            .tierId;
    Attacker a = attacker();
    ok(a.arm(addr("LicenseToken"), call(licenses(ADMIN).purchase(tierId, a.getContractAddress()))));
    fund(BUYER, soa(1));
    approve(BUYER, addr("LicenseToken"), soa(1));
    BigInteger before = read(licenses(ADMIN).licenseCount());
    ok(licenses(BUYER).purchase(tierId, a.getContractAddress()));
    assertBlocked(a);
    assertThat(read(licenses(ADMIN).licenseCount())).isEqualTo(before.add(BigInteger.ONE));
    assertThat(read(licenses(ADMIN).balanceOf(a.getContractAddress()))).isEqualTo(BigInteger.ONE);
  }

  @Test
  void tokenDeliveryToABuyerCannotReenterBuy() throws Exception {
    BigInteger m1 = newModel(OWNER, 0);
    BigInteger m2 = newModel(OWNER, 0);
    ok(registry(OWNER).setApprovalForAll(addr("Marketplace"), true));
    BigInteger l1 =
        Marketplace.getListedEvents(ok(market(OWNER).list(addr("ModelRegistry"), m1, soa(5))))
            .get(0)
            .listingId;
    BigInteger l2 =
        Marketplace.getListedEvents(ok(market(OWNER).list(addr("ModelRegistry"), m2, soa(5))))
            .get(0)
            .listingId;
    Attacker a = attacker();
    ok(soa(ADMIN).mint(a.getContractAddress(), soa(10)));
    ok(a.exec(addr("SOAToken"), call(soa(ADMIN).approve(addr("Marketplace"), soa(10)))));
    ok(a.arm(addr("Marketplace"), call(market(ADMIN).buy(l2))));
    ok(a.exec(addr("Marketplace"), call(market(ADMIN).buy(l1))));
    assertBlocked(a);
    assertThat(read(registry(ADMIN).ownerOf(m1))).isEqualToIgnoringCase(a.getContractAddress());
    assertThat(read(registry(ADMIN).ownerOf(m2))).isEqualToIgnoringCase(OWNER.getAddress());
    assertThat(soaBalance(a.getContractAddress())).isEqualTo(soa(5));
    assertThat(read(market(ADMIN).listing(l2)).active).isTrue();
  }

  @Test
  void payeeWithATransferHookCannotReenterClaim() throws Exception {
    HookToken hook = HookToken.deploy(web3j, Chain.txManager(web3j, ADMIN), Chain.DEV_GAS).send();
    UsageEscrow escrow =
        UsageEscrow.deploy(
                web3j,
                Chain.txManager(web3j, ADMIN),
                Chain.DEV_GAS,
                hook.getContractAddress(),
                addr("ModelRegistry"),
                ADMIN.getAddress(),
                TREASURY.getAddress(),
                BigInteger.valueOf(FEE_BPS))
            .send();
    Attacker a = attacker();
    byte[] catalogId = Numeric.hexStringToByteArray("0x" + "00".repeat(16) + "ab".repeat(16));
    ok(
        a.exec(
            addr("ModelRegistry"),
            call(registry(ADMIN).tokenize(catalogId, "x", new byte[32], BigInteger.ZERO))));
    BigInteger model = read(registry(ADMIN).modelIdOf(a.getContractAddress(), catalogId));
    assertThat(read(registry(ADMIN).ownerOf(model))).isEqualToIgnoringCase(a.getContractAddress());

    HookToken asBuyer =
        HookToken.load(
            hook.getContractAddress(), web3j, Chain.txManager(web3j, BUYER), Chain.DEV_GAS);
    UsageEscrow escrowAsBuyer =
        UsageEscrow.load(
            escrow.getContractAddress(), web3j, Chain.txManager(web3j, BUYER), Chain.DEV_GAS);
    ok(asBuyer.mint(BUYER.getAddress(), soa(10)));
    ok(asBuyer.approve(escrow.getContractAddress(), soa(10)));
    ok(escrowAsBuyer.deposit(soa(10)));
    BigInteger ch =
        UsageEscrow.getChannelOpenedEvents(
                ok(
                    escrowAsBuyer.openChannel(
                        model, soa(10), BigInteger.valueOf(dev.now() + 3600), BUYER.getAddress())))
            .get(0)
            .channelId;
    byte[] sig =
        Vouchers.sign(
            deployment.chainId(), escrow.getContractAddress(), ch, soa(4), BUYER.getEcKeyPair());
    ok(a.arm(escrow.getContractAddress(), call(escrow.claim(ch, soa(4), sig))));
    ok(hook.setHook(a.getContractAddress()));

    ok(escrow.claim(ch, soa(4), sig));
    assertBlocked(a);
    assertThat(read(hook.balanceOf(a.getContractAddress())))
        .isEqualTo(soa(4).subtract(fee(soa(4))));
    assertThat(read(escrow.channel(ch)).claimed).isEqualTo(soa(4));
  }
}
