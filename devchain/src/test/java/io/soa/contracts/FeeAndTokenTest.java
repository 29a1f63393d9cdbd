package io.soa.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.soa.contracts.generated.LicenseToken;
import io.soa.contracts.generated.SOAToken;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/** Admin settings (fee, treasury) and the $SOA token itself. */
class FeeAndTokenTest extends ChainTestBase {
  static final Credentials USER = DevAccounts.account(1);

  @Test
  void platformFeeIsCappedAndAdminOnlyWithEvents() throws Exception {
    for (String c : new String[] {"LicenseToken", "Marketplace", "UsageEscrow"}) {
      LicenseToken asAdmin =
          LicenseToken.load(addr(c), web3j, Chain.txManager(web3j, ADMIN), Chain.DEV_GAS);
      LicenseToken asUser =
          LicenseToken.load(addr(c), web3j, Chain.txManager(web3j, USER), Chain.DEV_GAS);
      assertThat(read(asAdmin.feeBps())).isEqualTo(BigInteger.valueOf(FEE_BPS));
      Reverts.assertReverts(
          web3j,
          ADMIN,
          addr(c),
          asAdmin.setPlatformFee(BigInteger.valueOf(1_001)),
          "FeeAboveCap(uint16,uint16)");
      Reverts.assertReverts(
          web3j,
          USER,
          addr(c),
          asUser.setPlatformFee(BigInteger.valueOf(10)),
          "OwnableUnauthorizedAccount(address)");
      Reverts.assertReverts(
          web3j, ADMIN, addr(c), asAdmin.setTreasury("0x" + "0".repeat(40)), "ZeroAddress()");
      var changed =
          LicenseToken.getPlatformFeeChangedEvents(
                  ok(asAdmin.setPlatformFee(BigInteger.valueOf(1_000))))
              .get(0);
      assertThat(changed.oldFeeBps).isEqualTo(BigInteger.valueOf(FEE_BPS));
      assertThat(changed.newFeeBps).isEqualTo(BigInteger.valueOf(1_000));
      var t =
          LicenseToken.getTreasuryChangedEvents(ok(asAdmin.setTreasury(USER.getAddress()))).get(0);
      assertThat(t.newTreasury).isEqualToIgnoringCase(USER.getAddress());
      ok(asAdmin.setTreasury(TREASURY.getAddress()));
      ok(asAdmin.setPlatformFee(BigInteger.valueOf(FEE_BPS)));
    }
  }

  @Test
  void soaIsAnEighteenDecimalTokenMintedOnlyByTheMinterRole() throws Exception {
    SOAToken token = soa(ADMIN);
    assertThat(read(token.decimals())).isEqualTo(BigInteger.valueOf(18));
    assertThat(read(token.symbol())).isEqualTo("SOA");
    Reverts.assertReverts(
        web3j,
        USER,
        addr("SOAToken"),
        soa(USER).mint(USER.getAddress(), ONE),
        "AccessControlUnauthorizedAccount(address,bytes32)");
    BigInteger before = soaBalance(USER.getAddress());
    ok(token.mint(USER.getAddress(), ONE));
    assertThat(soaBalance(USER.getAddress())).isEqualTo(before.add(ONE));
  }

  @Test
  void permitSetsAnAllowanceFromASignature() {
    Credentials spender = DevAccounts.account(2);
    BigInteger deadline = BigInteger.valueOf(dev.now() + 600);
    var sig = Permits.sign(web3j, soa(ADMIN), USER, spender.getAddress(), ONE, deadline);
    ok(
        soa(spender)
            .permit(
                USER.getAddress(),
                spender.getAddress(),
                ONE,
                deadline,
                BigInteger.valueOf(sig.v()),
                sig.r(),
                sig.s()));
    assertThat(read(soa(ADMIN).allowance(USER.getAddress(), spender.getAddress()))).isEqualTo(ONE);
  }
}
