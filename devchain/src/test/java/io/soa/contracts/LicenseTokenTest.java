package io.soa.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.soa.contracts.generated.LicenseToken;
import io.soa.devchain.DevAccounts;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

class LicenseTokenTest extends ChainTestBase {
  static final Credentials OWNER = DevAccounts.account(1);
  static final Credentials BUYER = DevAccounts.account(2);
  static final Credentials OTHER = DevAccounts.account(3);
  static final byte[] TERMS = new byte[32];

  static BigInteger tier(
      BigInteger modelId,
      BigInteger price,
      long duration,
      long quota,
      long maxSupply,
      boolean transferable) {
    TransactionReceipt r =
        ok(
            licenses(OWNER)
                .createTier(
                    modelId,
                    price,
                    BigInteger.valueOf(duration),
                    BigInteger.valueOf(quota),
                    BigInteger.valueOf(maxSupply),
                    transferable,
                    TERMS,
                    List.of()));
    var e = LicenseToken.getTierCreatedEvents(r).get(0);
    assertThat(e.modelId).isEqualTo(modelId);
    assertThat(e.price).isEqualTo(price);
    assertThat(e.callQuota).isEqualTo(BigInteger.valueOf(quota));
    assertThat(e.transferable).isEqualTo(transferable);
    return e.tierId;
  }

  @Test
  void purchasePaysTreasuryAndModelOwnerExactlyAndMintsTheLicense() {
    BigInteger model = newModel(OWNER, 500);
    BigInteger price = soa(100).add(BigInteger.valueOf(7)); // odd amount: fee rounds down
    BigInteger tierId = tier(model, price, 3600, 1000, 0, true);
    fund(BUYER, price);
    approve(BUYER, addr("LicenseToken"), price);
    BigInteger buyer0 = soaBalance(BUYER.getAddress());
    BigInteger owner0 = soaBalance(OWNER.getAddress());
    BigInteger treasury0 = soaBalance(TREASURY.getAddress());

    TransactionReceipt r = ok(licenses(BUYER).purchase(tierId, OTHER.getAddress()));
    var e = LicenseToken.getLicensePurchasedEvents(r).get(0);
    BigInteger fee = fee(price);
    assertThat(e.paid).isEqualTo(price);
    assertThat(e.fee).isEqualTo(fee);
    assertThat(e.payee).isEqualToIgnoringCase(OWNER.getAddress());
    assertThat(e.buyer).isEqualToIgnoringCase(BUYER.getAddress());
    assertThat(e.recipient).isEqualToIgnoringCase(OTHER.getAddress());
    assertThat(e.callQuota).isEqualTo(BigInteger.valueOf(1000));
    assertThat(e.expiresAt.longValueExact()).isEqualTo(dev.now() + 3600);

    assertThat(soaBalance(BUYER.getAddress())).isEqualTo(buyer0.subtract(price));
    assertThat(soaBalance(TREASURY.getAddress())).isEqualTo(treasury0.add(fee));
    assertThat(soaBalance(OWNER.getAddress())).isEqualTo(owner0.add(price.subtract(fee)));
    assertThat(fee.add(price.subtract(fee))).isEqualTo(price);

    LicenseToken lt = licenses(ADMIN);
    assertThat(read(lt.ownerOf(e.licenseId))).isEqualToIgnoringCase(OTHER.getAddress());
    assertThat(read(lt.isValid(e.licenseId))).isTrue();
    assertThat(read(lt.modelOf(e.licenseId))).isEqualTo(model);
    dev.increaseTime(3601);
    assertThat(read(lt.isValid(e.licenseId))).isFalse();
  }

  @Test
  void revenueFollowsTheCurrentModelOwner() {
    BigInteger model = newModel(OWNER, 0);
    BigInteger tierId = tier(model, soa(10), 0, 0, 0, true);
    ok(registry(OWNER).transferFrom(OWNER.getAddress(), OTHER.getAddress(), model));
    fund(BUYER, soa(10));
    approve(BUYER, addr("LicenseToken"), soa(10));
    BigInteger other0 = soaBalance(OTHER.getAddress());
    var e =
        LicenseToken.getLicensePurchasedEvents(
                ok(licenses(BUYER).purchase(tierId, BUYER.getAddress())))
            .get(0);
    assertThat(e.payee).isEqualToIgnoringCase(OTHER.getAddress());
    assertThat(e.expiresAt).isZero(); // perpetual
    assertThat(soaBalance(OTHER.getAddress()))
        .isEqualTo(other0.add(soa(10).subtract(fee(soa(10)))));
    assertThat(read(licenses(ADMIN).isValid(e.licenseId))).isTrue();
  }

  @Test
  void tierRulesAreEnforced() throws Exception {
    BigInteger model = newModel(OWNER, 0);
    String at = addr("LicenseToken");
    Reverts.assertReverts(
        web3j,
        OTHER,
        at,
        licenses(OTHER)
            .createTier(
                model,
                soa(1),
                BigInteger.ZERO,
                BigInteger.ZERO,
                BigInteger.ZERO,
                true,
                TERMS,
                List.of()),
        "NotModelOwner(uint256,address)");
    Reverts.assertReverts(
        web3j,
        BUYER,
        at,
        licenses(BUYER).purchase(BigInteger.valueOf(9999), BUYER.getAddress()),
        "UnknownTier(uint256)");

    BigInteger tierId = tier(model, soa(1), 0, 0, 2, false);
    fund(BUYER, soa(5));
    approve(BUYER, at, soa(5));
    var l1 =
        LicenseToken.getLicensePurchasedEvents(
                ok(licenses(BUYER).purchase(tierId, BUYER.getAddress())))
            .get(0);
    ok(licenses(BUYER).purchase(tierId, BUYER.getAddress()));
    Reverts.assertReverts(
        web3j,
        BUYER,
        at,
        licenses(BUYER).purchase(tierId, BUYER.getAddress()),
        "SoldOut(uint256,uint32)");

    // non-transferable: minted, never moved (transferFrom and safeTransferFrom)
    Reverts.assertReverts(
        web3j,
        BUYER,
        at,
        licenses(BUYER).transferFrom(BUYER.getAddress(), OTHER.getAddress(), l1.licenseId),
        "NonTransferable(uint256)");
    Reverts.assertReverts(
        web3j,
        BUYER,
        at,
        licenses(BUYER).safeTransferFrom(BUYER.getAddress(), OTHER.getAddress(), l1.licenseId),
        "NonTransferable(uint256)");

    BigInteger paused = tier(model, soa(1), 0, 0, 0, true);
    Reverts.assertReverts(
        web3j,
        OTHER,
        at,
        licenses(OTHER).setTierActive(paused, false),
        "NotModelOwner(uint256,address)");
    var upd =
        LicenseToken.getTierUpdatedEvents(ok(licenses(OWNER).setTierActive(paused, false))).get(0);
    assertThat(upd.active).isFalse();
    Reverts.assertReverts(
        web3j,
        BUYER,
        at,
        licenses(BUYER).purchase(paused, BUYER.getAddress()),
        "TierInactive(uint256)");
    ok(licenses(OWNER).setTierActive(paused, true));
    var l3 =
        LicenseToken.getLicensePurchasedEvents(
                ok(licenses(BUYER).purchase(paused, BUYER.getAddress())))
            .get(0);
    ok(licenses(BUYER).transferFrom(BUYER.getAddress(), OTHER.getAddress(), l3.licenseId));
    assertThat(read(licenses(ADMIN).ownerOf(l3.licenseId)))
        .isEqualToIgnoringCase(OTHER.getAddress());

    // without allowance the purchase fails and nothing is minted
    BigInteger count = read(licenses(ADMIN).licenseCount());
    approve(BUYER, at, BigInteger.ZERO);
    assertThatThrownBy(() -> licenses(BUYER).purchase(paused, BUYER.getAddress()).send())
        .hasMessageContaining("0x0");
    assertThat(read(licenses(ADMIN).licenseCount())).isEqualTo(count);
  }

  @Test
  void purchaseWithPermitNeedsNoPriorApproval() {
    BigInteger model = newModel(OWNER, 0);
    BigInteger price = soa(3);
    BigInteger tierId = tier(model, price, 0, 10, 0, true);
    Credentials payer = DevAccounts.account(3);
    fund(payer, price);
    approve(payer, addr("LicenseToken"), BigInteger.ZERO);
    BigInteger deadline = BigInteger.valueOf(dev.now() + 600);
    var sig = Permits.sign(web3j, soa(ADMIN), payer, addr("LicenseToken"), price, deadline);
    var e =
        LicenseToken.getLicensePurchasedEvents(
                ok(
                    licenses(payer)
                        .purchaseWithPermit(
                            tierId,
                            payer.getAddress(),
                            deadline,
                            BigInteger.valueOf(sig.v()),
                            sig.r(),
                            sig.s())))
            .get(0);
    assertThat(e.paid).isEqualTo(price);
    assertThat(read(licenses(ADMIN).ownerOf(e.licenseId)))
        .isEqualToIgnoringCase(payer.getAddress());
  }

  @Test
  void aTierCoversTheFeaturesItNamesOrAllWhenItNamesNone() throws Exception {
    BigInteger model = newModel(OWNER, 0);
    byte[] detect = Hash.sha3("detect-language".getBytes(StandardCharsets.UTF_8));
    byte[] tokens = Hash.sha3("tokens".getBytes(StandardCharsets.UTF_8));
    byte[] posTags = Hash.sha3("pos-tags".getBytes(StandardCharsets.UTF_8));
    var scoped =
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
                            TERMS,
                            List.of(detect, tokens))))
            .get(0);
    assertThat(scoped.features).containsExactly(detect, tokens);
    // web3j's wrapper returns a raw List
    List<Object> onChain = List.copyOf((List<?>) read(licenses(ADMIN).tierFeatures(scoped.tierId)));
    assertThat(onChain).containsExactly(detect, tokens);
    assertThat(read(licenses(ADMIN).covers(scoped.tierId, tokens))).isTrue();
    assertThat(read(licenses(ADMIN).covers(scoped.tierId, posTags))).isFalse();

    BigInteger all = tier(model, soa(1), 0, 0, 0, true);
    List<?> none = read(licenses(ADMIN).tierFeatures(all));
    assertThat(none).isEmpty();
    assertThat(read(licenses(ADMIN).covers(all, posTags))).isTrue();

    List<byte[]> tooMany = new java.util.ArrayList<>();
    for (int i = 0; i < 65; i++) {
      tooMany.add(Hash.sha3(("f" + i).getBytes(StandardCharsets.UTF_8)));
    }
    Reverts.assertReverts(
        web3j,
        OWNER,
        addr("LicenseToken"),
        licenses(OWNER)
            .createTier(
                model,
                soa(1),
                BigInteger.ZERO,
                BigInteger.ZERO,
                BigInteger.ZERO,
                true,
                TERMS,
                tooMany),
        "TooManyFeatures(uint256,uint256)");
    Reverts.assertReverts(
        web3j,
        OWNER,
        addr("LicenseToken"),
        licenses(OWNER).covers(BigInteger.valueOf(9999), tokens),
        "UnknownTier(uint256)");
  }
}
