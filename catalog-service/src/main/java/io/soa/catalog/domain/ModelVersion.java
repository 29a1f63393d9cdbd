package io.soa.catalog.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An immutable published version of a model's artifact. */
@Entity
@Table(name = "model_version")
public class ModelVersion {
  @Id public UUID id;

  @Column(name = "model_id", nullable = false)
  public UUID modelId;

  @Column(nullable = false)
  public String version;

  @Column(name = "artifact_uri", nullable = false)
  public String artifactUri;

  /** 0x + 64 lower-case hex digits. */
  @Column(nullable = false)
  public String sha256;

  @Column(name = "size_bytes", nullable = false)
  public long sizeBytes;

  @Column(name = "release_notes")
  public String releaseNotes;

  @Column(name = "published_by", nullable = false)
  public String publishedBy;

  @Column(name = "published_at", nullable = false)
  public OffsetDateTime publishedAt;
}
