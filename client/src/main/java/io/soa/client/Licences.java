package io.soa.client;

import io.soa.contracts.generated.LicenseToken;
import io.soa.contracts.generated.SOAToken;
import java.math.BigInteger;

/**
 * A buyer's licences on chain: buys one of a tier (approving exactly its price in $SOA, never more,
 * then {@code purchase}), paid from the buyer's wallet, which holds the gas.
 */
public final class Licences {
  private final Chain chain;
  private final Wallet buyer;

  public Licences(Chain chain, Wallet buyer) {
    this.chain = chain;
    this.buyer = buyer;
  }

  /** A licence bought: its id and what it cost. */
  public record Bought(BigInteger licenseId, BigInteger price) {}

  /** Buys a licence of {@code tierId} for the buyer, for at most {@code maxPrice} base units. */
  public Bought buy(BigInteger tierId, BigInteger maxPrice) {
    return chain.transact(
        web3j -> {
          var signer = chain.signer(web3j, buyer);
          var gas = chain.gas(web3j);
          LicenseToken licences =
              LicenseToken.load(chain.address("LicenseToken"), web3j, signer, gas);
          BigInteger price = licences.tier(tierId).send().price;
          if (price.compareTo(maxPrice) > 0) {
            throw new SpendingCapExceeded(price, maxPrice, "the most you agreed to pay for it");
          }
          SOAToken.load(chain.address("SOAToken"), web3j, signer, gas)
              .approve(chain.address("LicenseToken"), price)
              .send();
          var bought =
              LicenseToken.getLicensePurchasedEvents(
                  licences.purchase(tierId, buyer.address()).send());
          return new Bought(bought.get(0).licenseId, price);
        });
  }
}
