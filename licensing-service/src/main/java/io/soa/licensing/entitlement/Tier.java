package io.soa.licensing.entitlement;

import java.math.BigInteger;
import java.util.List;

/** A licence tier as mirrored, with how many licences of it were sold. */
public record Tier(
    BigInteger tierId,
    BigInteger modelId,
    BigInteger price,
    long duration,
    long callQuota,
    long maxSupply,
    long sold,
    boolean transferable,
    String termsDigest,
    List<String> featureKeys,
    boolean active) {

  public boolean covers(String featureKey) {
    return featureKeys.isEmpty() || featureKeys.contains(featureKey);
  }

  /** Active and not sold out: a purchase would succeed. */
  public boolean onSale() {
    return active && (maxSupply == 0 || sold < maxSupply);
  }
}
