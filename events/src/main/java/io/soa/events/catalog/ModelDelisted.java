package io.soa.events.catalog;

import io.soa.events.SoaEvent;

/** The model was taken out of search by its developer or owner (it stays readable by id). */
public record ModelDelisted(String modelId, String delistedBy, String delistedAt)
    implements SoaEvent {

  public static final String TYPE = "soa.catalog.ModelDelisted.v1";

  @Override
  public String subject() {
    return modelId;
  }
}
