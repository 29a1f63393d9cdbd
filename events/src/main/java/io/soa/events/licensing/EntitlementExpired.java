package io.soa.events.licensing;

import io.soa.events.SoaEvent;

/** A licence passed its expiry. */
public record EntitlementExpired(
    String licenseId, String modelId, String holder, String expiresAt, String callsLeft)
    implements SoaEvent {

  public static final String TYPE = "soa.licensing.EntitlementExpired.v1";

  @Override
  public String subject() {
    return licenseId;
  }
}
