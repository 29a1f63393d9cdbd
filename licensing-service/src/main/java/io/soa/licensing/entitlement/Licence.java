package io.soa.licensing.entitlement;

import java.math.BigInteger;
import java.util.List;

/**
 * A licence as mirrored: its tier's features (bytes32 keys; empty = every feature), expiry (unix
 * seconds, 0 = perpetual) and quota (0 = unlimited) with the calls used so far; {@code listed}
 * while it is for sale on the marketplace (its calls are frozen for the buyer).
 */
public record Licence(
    BigInteger licenseId,
    BigInteger tierId,
    BigInteger modelId,
    String holder,
    List<String> featureKeys,
    long expiresAt,
    long callQuota,
    long callsUsed,
    boolean listed) {

  public boolean covers(String featureKey) {
    return featureKeys.isEmpty() || featureKeys.contains(featureKey);
  }

  public boolean expired(long nowSeconds) {
    return expiresAt != 0 && nowSeconds >= expiresAt;
  }

  public boolean exhausted() {
    return callQuota != 0 && callsUsed >= callQuota;
  }

  /** The calls left, or null when the quota is unlimited. */
  public Long callsLeft() {
    return callQuota == 0 ? null : Math.max(0, callQuota - callsUsed);
  }
}
