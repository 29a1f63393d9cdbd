package io.soa.events.licensing;

import io.soa.events.SoaEvent;

/** A licence moved to another holder with the calls it has left (or the move was retracted). */
public record EntitlementTransferred(
    String licenseId,
    long chainId,
    String modelId,
    String from,
    String to,
    String callsLeft,
    String txHash,
    long blockNumber,
    boolean reverted)
    implements SoaEvent {

  public static final String TYPE = "soa.licensing.EntitlementTransferred.v1";

  @Override
  public String subject() {
    return licenseId;
  }
}
