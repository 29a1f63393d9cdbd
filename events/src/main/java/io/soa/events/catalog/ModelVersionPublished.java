package io.soa.events.catalog;

import io.soa.events.SoaEvent;

/** An immutable version of a model's artifact was published; it is now the latest. */
public record ModelVersionPublished(
    String modelId,
    String version,
    String artifactUri,
    String sha256,
    long sizeBytes,
    String publishedAt)
    implements SoaEvent {

  public static final String TYPE = "soa.catalog.ModelVersionPublished.v1";

  @Override
  public String subject() {
    return modelId;
  }
}
