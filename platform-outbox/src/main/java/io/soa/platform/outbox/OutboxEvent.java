package io.soa.platform.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One event waiting in (or relayed from) the outbox table; see V0_1__outbox_inbox.sql. */
@Entity
@Table(name = "outbox")
public class OutboxEvent extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long seq;

  @Column(name = "event_id", nullable = false, unique = true)
  public String eventId;

  @Column(nullable = false)
  public String topic;

  @Column(name = "kafka_key", nullable = false)
  public String kafkaKey;

  @Column(name = "event_type", nullable = false)
  public String eventType;

  @Column(nullable = false)
  public String source;

  @Column(nullable = false)
  public String subject;

  @Column(name = "occurred_at", nullable = false)
  public OffsetDateTime occurredAt;

  @Column(nullable = false)
  public String payload;

  @Column(name = "published_at")
  public OffsetDateTime publishedAt;
}
