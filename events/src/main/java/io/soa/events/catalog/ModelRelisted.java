package io.soa.events.catalog;

import io.soa.events.SoaEvent;

/** A delisted model is back in search, in the state it had before ({@code state}). */
public record ModelRelisted(String modelId, String state, String relistedBy, String relistedAt)
    implements SoaEvent {

  public static final String TYPE = "soa.catalog.ModelRelisted.v1";

  @Override
  public String subject() {
    return modelId;
  }
}
