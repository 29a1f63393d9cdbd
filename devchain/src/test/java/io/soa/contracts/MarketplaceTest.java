package io.soa.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.soa.contracts.generated.LicenseToken;
import io.soa.contracts.generated.Marketplace;
import io.soa.devchain.DevAccounts;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

class MarketplaceTest extends ChainTestBase {
  static final Credentials DEV_OWNER = DevAccounts.account(1);
  static final Credentials SELLER = DevAccounts.account(2);
  static final Credentials BUYER = DevAccounts.account(3);

  static BigInteger licenseFor(Credentials holder, BigInteger model, boolean transferable) {
    return licenseFor(holder, model, transferable, 0);
  }

  static BigInteger licenseFor(
      Credentials holder, BigInteger model, boolean transferable, long duration) {
    BigInteger tierId =
        LicenseToken.getTierCreatedEvents(
                ok(
                    licenses(DEV_OWNER)
                        .createTier(
                            model,
                            soa(1),
                            BigInteger.valueOf(duration),
                            BigInteger.ZERO,
                            BigInteger.ZERO,
                            transferable,
                            new byte[32],
                            List.of())))
            .get(0)
            .tierId;
    fund(holder, soa(1));
    approve(holder, addr("LicenseToken"), soa(1));
    return LicenseToken.getLicensePurchasedEvents(
            ok(licenses(holder).purchase(tierId, holder.getAddress())))
        .get(0)
        .licenseId;
  }

  @Test
  void licenseResalePaysRoyaltyToModelOwnerFeeToTreasuryRestToSeller() {
    BigInteger model = newModel(DEV_OWNER, 1_000); // 10% royalty
    BigInteger license = licenseFor(SELLER, model, true);
    ok(licenses(SELLER).setApprovalForAll(addr("Marketplace"), true));
    BigInteger price = soa(50).add(BigInteger.valueOf(3));
    var listed =
        Marketplace.getListedEvents(ok(market(SELLER).list(addr("LicenseToken"), license, price)))
            .get(0);
    assertThat(listed.price).isEqualTo(price);
    assertThat(listed.seller).isEqualToIgnoringCase(SELLER.getAddress());

    fund(BUYER, price);
    approve(BUYER, addr("Marketplace"), price);
    BigInteger seller0 = soaBalance(SELLER.getAddress());
    BigInteger owner0 = soaBalance(DEV_OWNER.getAddress());
    BigInteger treasury0 = soaBalance(TREASURY.getAddress());
    BigInteger buyer0 = soaBalance(BUYER.getAddress());

    var sold = Marketplace.getSoldEvents(ok(market(BUYER).buy(listed.listingId))).get(0);
    BigInteger fee = fee(price);
    BigInteger royalty = price.divide(BigInteger.TEN);
    BigInteger rest = price.subtract(fee).subtract(royalty);
    assertThat(sold.fee).isEqualTo(fee);
    assertThat(sold.royalty).isEqualTo(royalty);
    assertThat(sold.royaltyReceiver).isEqualToIgnoringCase(DEV_OWNER.getAddress());
    assertThat(soaBalance(BUYER.getAddress())).isEqualTo(buyer0.subtract(price));
    assertThat(soaBalance(TREASURY.getAddress())).isEqualTo(treasury0.add(fee));
    assertThat(soaBalance(DEV_OWNER.getAddress())).isEqualTo(owner0.add(royalty));
    assertThat(soaBalance(SELLER.getAddress())).isEqualTo(seller0.add(rest));
    assertThat(fee.add(royalty).add(rest)).isEqualTo(price);
    assertThat(read(licenses(ADMIN).ownerOf(license))).isEqualToIgnoringCase(BUYER.getAddress());
    assertThat(read(market(ADMIN).listing(listed.listingId)).active).isFalse();
  }

  @Test
  void modelTokenSaleMovesTheRevenueStream() {
    BigInteger model = newModel(SELLER, 500);
    ok(registry(SELLER).approve(addr("Marketplace"), model));
    BigInteger price = soa(1000);
    var listed =
        Marketplace.getListedEvents(ok(market(SELLER).list(addr("ModelRegistry"), model, price)))
            .get(0);
    fund(BUYER, price);
    approve(BUYER, addr("Marketplace"), price);
    BigInteger seller0 = soaBalance(SELLER.getAddress());
    var sold = Marketplace.getSoldEvents(ok(market(BUYER).buy(listed.listingId))).get(0);
    // the seller is the model owner: royalty and proceeds arrive as one payment
    assertThat(sold.royalty).isZero();
    assertThat(soaBalance(SELLER.getAddress())).isEqualTo(seller0.add(price.subtract(fee(price))));
    assertThat(read(registry(ADMIN).ownerOf(model))).isEqualToIgnoringCase(BUYER.getAddress());
    var royalty = read(registry(ADMIN).royaltyInfo(model, soa(100)));
    assertThat(royalty.component1()).isEqualToIgnoringCase(BUYER.getAddress());
    assertThat(royalty.component2()).isEqualTo(soa(5));
  }

  @Test
  void listingRulesAndCancel() throws Exception {
    String at = addr("Marketplace");
    BigInteger model = newModel(DEV_OWNER, 0);
    Reverts.assertReverts(
        web3j,
        SELLER,
        at,
        market(SELLER).list(addr("ModelRegistry"), model, soa(1)),
        "NotTokenOwner(address,uint256,address)");
    Reverts.assertReverts(
        web3j,
        DEV_OWNER,
        at,
        market(DEV_OWNER).list(addr("ModelRegistry"), model, soa(1)),
        "NotApproved(address,uint256)");
    Reverts.assertReverts(
        web3j,
        DEV_OWNER,
        at,
        market(DEV_OWNER).list(addr("SOAToken"), model, soa(1)),
        "UnsupportedCollection(address)");
    ok(registry(DEV_OWNER).setApprovalForAll(at, true));
    Reverts.assertReverts(
        web3j,
        DEV_OWNER,
        at,
        market(DEV_OWNER).list(addr("ModelRegistry"), model, BigInteger.ZERO),
        "ZeroPrice()");
    BigInteger locked = licenseFor(SELLER, model, false);
    ok(licenses(SELLER).setApprovalForAll(at, true));
    Reverts.assertReverts(
        web3j,
        SELLER,
        at,
        market(SELLER).list(addr("LicenseToken"), locked, soa(1)),
        "NotTransferable(uint256)");

    var listed =
        Marketplace.getListedEvents(
                ok(market(DEV_OWNER).list(addr("ModelRegistry"), model, soa(1))))
            .get(0);
    Reverts.assertReverts(
        web3j, SELLER, at, market(SELLER).cancel(listed.listingId), "NotSeller(uint256,address)");
    var cancelled =
        Marketplace.getListingCancelledEvents(ok(market(DEV_OWNER).cancel(listed.listingId)))
            .get(0);
    assertThat(cancelled.listingId).isEqualTo(listed.listingId);
    Reverts.assertReverts(
        web3j, BUYER, at, market(BUYER).buy(listed.listingId), "ListingNotActive(uint256)");

    // a listing whose token the seller gave away is stale
    var again =
        Marketplace.getListedEvents(
                ok(market(DEV_OWNER).list(addr("ModelRegistry"), model, soa(1))))
            .get(0);
    ok(registry(DEV_OWNER).transferFrom(DEV_OWNER.getAddress(), SELLER.getAddress(), model));
    fund(BUYER, soa(1));
    approve(BUYER, at, soa(1));
    Reverts.assertReverts(
        web3j, BUYER, at, market(BUYER).buy(again.listingId), "SellerNoLongerOwns(uint256)");
  }

  @Test
  void royaltyAndFeeRaisedAfterListingDoNotCutTheSellersProceeds() {
    BigInteger model = newModel(DEV_OWNER, 1_000); // 10% at listing
    BigInteger license = licenseFor(SELLER, model, true);
    ok(licenses(SELLER).setApprovalForAll(addr("Marketplace"), true));
    BigInteger price = soa(100);
    var listed =
        Marketplace.getListedEvents(ok(market(SELLER).list(addr("LicenseToken"), license, price)))
            .get(0);
    // the front-run: the owner raises the royalty to the cap, the admin raises the fee to its cap
    ok(registry(DEV_OWNER).setRoyalty(model, BigInteger.valueOf(2_500)));
    ok(market(ADMIN).setPlatformFee(BigInteger.valueOf(1_000)));
    try {
      fund(BUYER, price);
      approve(BUYER, addr("Marketplace"), price);
      BigInteger seller0 = soaBalance(SELLER.getAddress());
      BigInteger owner0 = soaBalance(DEV_OWNER.getAddress());
      BigInteger treasury0 = soaBalance(TREASURY.getAddress());
      var sold = Marketplace.getSoldEvents(ok(market(BUYER).buy(listed.listingId))).get(0);
      BigInteger royalty = price.divide(BigInteger.TEN);
      BigInteger fee = fee(price); // the 2.5% of the listing, not the 10% of now
      assertThat(sold.royalty).isEqualTo(royalty);
      assertThat(sold.fee).isEqualTo(fee);
      assertThat(soaBalance(SELLER.getAddress()))
          .isEqualTo(seller0.add(price.subtract(royalty).subtract(fee)));
      assertThat(soaBalance(DEV_OWNER.getAddress())).isEqualTo(owner0.add(royalty));
      assertThat(soaBalance(TREASURY.getAddress())).isEqualTo(treasury0.add(fee));
    } finally {
      ok(market(ADMIN).setPlatformFee(BigInteger.valueOf(FEE_BPS)));
    }
    // a listing made now takes the new rates
    ok(licenses(BUYER).setApprovalForAll(addr("Marketplace"), true));
    var relisted =
        Marketplace.getListedEvents(ok(market(BUYER).list(addr("LicenseToken"), license, price)))
            .get(0);
    fund(SELLER, price);
    approve(SELLER, addr("Marketplace"), price);
    assertThat(Marketplace.getSoldEvents(ok(market(SELLER).buy(relisted.listingId))).get(0).royalty)
        .isEqualTo(price.divide(BigInteger.valueOf(4)));
  }

  @Test
  void anExpiredLicenseCanBeNeitherListedNorBought() throws Exception {
    String at = addr("Marketplace");
    BigInteger model = newModel(DEV_OWNER, 0);
    BigInteger listedEarly = licenseFor(SELLER, model, true, 3600);
    BigInteger listedLate = licenseFor(SELLER, model, true, 3600);
    ok(licenses(SELLER).setApprovalForAll(at, true));
    var listed =
        Marketplace.getListedEvents(
                ok(market(SELLER).list(addr("LicenseToken"), listedEarly, soa(5))))
            .get(0);
    dev.increaseTime(3601);
    Reverts.assertReverts(
        web3j,
        SELLER,
        at,
        market(SELLER).list(addr("LicenseToken"), listedLate, soa(5)),
        "LicenseExpired(uint256)");
    fund(BUYER, soa(5));
    approve(BUYER, at, soa(5));
    Reverts.assertReverts(
        web3j, BUYER, at, market(BUYER).buy(listed.listingId), "LicenseExpired(uint256)");
    assertThat(read(licenses(ADMIN).ownerOf(listedEarly)))
        .isEqualToIgnoringCase(SELLER.getAddress());
  }
}
