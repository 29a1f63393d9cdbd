package io.soa.catalog.api;

import io.soa.catalog.domain.ModelVersion;
import java.time.OffsetDateTime;

/** A published version of a model's artifact. */
public record VersionView(
    String modelId,
    String version,
    String artifactUri,
    String sha256,
    long sizeBytes,
    String releaseNotes,
    String publishedBy,
    OffsetDateTime publishedAt) {

  public static VersionView of(ModelVersion v) {
    return new VersionView(
        v.modelId.toString(),
        v.version,
        v.artifactUri,
        v.sha256,
        v.sizeBytes,
        v.releaseNotes,
        v.publishedBy,
        v.publishedAt);
  }
}
