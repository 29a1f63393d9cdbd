package io.soa.client;

import io.soa.contracts.generated.LicenseToken;
import io.soa.contracts.generated.Marketplace;
import io.soa.contracts.generated.ModelRegistry;
import io.soa.contracts.generated.SOAToken;
import java.math.BigInteger;

/**
 * The marketplace from a wallet: list a licence or a model token for sale at a fixed price (the
 * token approved to the marketplace for this one listing), and buy a listing, approving exactly its
 * price and never above the buyer's cap. Royalties and the fee are the contract's.
 */
public final class Market {
  private final Chain chain;
  private final Wallet who;

  public Market(Chain chain, Wallet who) {
    this.chain = chain;
    this.who = who;
  }

  /** Lists licence {@code licenseId} for {@code price} base units: the listing's id. */
  public BigInteger listLicence(BigInteger licenseId, BigInteger price) {
    return list("LicenseToken", licenseId, price);
  }

  /** Lists the model token {@code modelId} (its ownership and earnings) for {@code price}. */
  public BigInteger listModel(BigInteger modelId, BigInteger price) {
    return list("ModelRegistry", modelId, price);
  }

  private BigInteger list(String collection, BigInteger tokenId, BigInteger price) {
    return chain.transact(
        web3j -> {
          var signer = chain.signer(web3j, who);
          var gas = chain.gas(web3j);
          String market = chain.address("Marketplace");
          String at = chain.address(collection);
          if (collection.equals("LicenseToken")) {
            LicenseToken.load(at, web3j, signer, gas).approve(market, tokenId).send();
          } else {
            ModelRegistry.load(at, web3j, signer, gas).approve(market, tokenId).send();
          }
          return Marketplace.getListedEvents(
                  Marketplace.load(market, web3j, signer, gas).list(at, tokenId, price).send())
              .get(0)
              .listingId;
        });
  }

  /** Buys listing {@code listingId} for at most {@code maxPrice} base units: what it cost. */
  public BigInteger buy(BigInteger listingId, BigInteger maxPrice) {
    return chain.transact(
        web3j -> {
          var signer = chain.signer(web3j, who);
          var gas = chain.gas(web3j);
          String at = chain.address("Marketplace");
          Marketplace market = Marketplace.load(at, web3j, signer, gas);
          var l = market.listing(listingId).send();
          if (!l.active) {
            throw new SoaException(
                409, "listing-not-active", "listing " + listingId + " is sold or cancelled", null);
          }
          if (l.price.compareTo(maxPrice) > 0) {
            throw new SpendingCapExceeded(l.price, maxPrice, "the most you agreed to pay for it");
          }
          SOAToken.load(chain.address("SOAToken"), web3j, signer, gas).approve(at, l.price).send();
          market.buy(listingId).send();
          return l.price;
        });
  }
}
