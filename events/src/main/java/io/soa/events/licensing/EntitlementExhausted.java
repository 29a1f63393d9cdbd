package io.soa.events.licensing;

import io.soa.events.SoaEvent;

/** A licence's call quota is used up. */
public record EntitlementExhausted(
    String licenseId, String modelId, String holder, String callQuota, String exhaustedAt)
    implements SoaEvent {

  public static final String TYPE = "soa.licensing.EntitlementExhausted.v1";

  @Override
  public String subject() {
    return licenseId;
  }
}
