package io.soa.events.licensing;

import io.soa.events.SoaEvent;

/** The purchase behind a licence was retracted by a reorg. */
public record EntitlementRevoked(
    String licenseId, long chainId, String modelId, String holder, String txHash, String reason)
    implements SoaEvent {

  public static final String TYPE = "soa.licensing.EntitlementRevoked.v1";

  @Override
  public String subject() {
    return licenseId;
  }
}
