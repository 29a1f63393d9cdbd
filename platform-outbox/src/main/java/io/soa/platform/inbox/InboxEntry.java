package io.soa.platform.inbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** The id of an event this service has already applied. */
@Entity
@Table(name = "inbox")
public class InboxEntry extends PanacheEntityBase {
  @Id
  @Column(name = "event_id")
  public String eventId;

  @Column(name = "event_type", nullable = false)
  public String eventType;

  @Column(name = "received_at", nullable = false)
  public OffsetDateTime receivedAt;
}
