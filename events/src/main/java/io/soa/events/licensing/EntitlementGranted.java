package io.soa.events.licensing;

import io.soa.events.SoaEvent;

/**
 * A licence bought on-chain entitles its holder to its tier's features until it expires or its
 * quota is used.
 */
public record EntitlementGranted(
    String licenseId,
    long chainId,
    String tierId,
    String modelId,
    String holder,
    java.util.List<String> features,
    String expiresAt,
    String callQuota,
    String txHash,
    long blockNumber)
    implements SoaEvent {

  public static final String TYPE = "soa.licensing.EntitlementGranted.v1";

  @Override
  public String subject() {
    return licenseId;
  }
}
