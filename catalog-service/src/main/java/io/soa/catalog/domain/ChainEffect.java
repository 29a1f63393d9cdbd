package io.soa.catalog.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What one applied chain event changed on a model: the fields as they were before, so its
 * retraction restores exactly them (retractions arrive newest first, so restores nest).
 */
@Entity
@Table(name = "chain_effect")
public class ChainEffect {
  @Id
  @Column(name = "event_id")
  public String eventId;

  @Column(name = "model_id", nullable = false)
  public UUID modelId;

  @Column(nullable = false)
  public String kind;

  /** JSON object of {@link io.soa.catalog.service.ModelSnapshot}. */
  @Column(nullable = false)
  public String before;

  @Column(name = "applied_at", nullable = false)
  public OffsetDateTime appliedAt;
}
