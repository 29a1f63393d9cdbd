package io.soa.catalog.domain;

/**
 * A feature's per-call price as the chain set it: {@code feature} is the on-chain bytes32, {@code
 * featureId} the catalog feature hashing to it (null when none does), {@code pricePerCall} a
 * decimal string of $SOA base units.
 */
public record UsagePrice(
    String feature, String featureId, String pricePerCall, String txHash, long blockNumber) {

  /** The price per call of {@code feature} among {@code prices}, "0" when it has none. */
  public static String priceOf(java.util.List<UsagePrice> prices, String feature) {
    return prices.stream()
        .filter(p -> p.feature().equals(feature))
        .map(UsagePrice::pricePerCall)
        .findFirst()
        .orElse("0");
  }
}
