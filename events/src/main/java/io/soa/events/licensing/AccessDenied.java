package io.soa.events.licensing;

import io.soa.events.SoaEvent;

/** A call the gateway refused, and why. */
public record AccessDenied(
    String requestId,
    String modelId,
    String feature,
    String caller,
    String path,
    String reason,
    int status,
    String decidedAt)
    implements SoaEvent {

  public static final String TYPE = "soa.licensing.AccessDenied.v1";

  @Override
  public String subject() {
    return modelId;
  }
}
