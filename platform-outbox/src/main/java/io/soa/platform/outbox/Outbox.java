package io.soa.platform.outbox;

import io.smallrye.mutiny.Uni;
import io.soa.events.EventCodec;
import io.soa.events.EventTypes;
import io.soa.events.SoaEvent;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Adds events to the outbox inside the caller's transaction, so they commit (or roll back) with the
 * state change that caused them. {@link OutboxRelay} publishes them.
 */
@ApplicationScoped
public class Outbox {
  private final String source;

  public Outbox(@ConfigProperty(name = "quarkus.application.name") String serviceName) {
    this.source = "/" + serviceName;
  }

  /** Queues {@code event} on its type's topic, keyed by its subject, with a new UUID id. */
  public Uni<OutboxEvent> add(SoaEvent event) {
    return add(UUID.randomUUID().toString(), event);
  }

  /**
   * Queues {@code event} with a caller-chosen id; pass an id derived from the input when the same
   * input must always produce the same event id.
   */
  public Uni<OutboxEvent> add(String eventId, SoaEvent event) {
    OutboxEvent row = new OutboxEvent();
    row.eventId = eventId;
    row.topic = EventTypes.of(event).topic();
    row.kafkaKey = event.subject();
    row.eventType = EventTypes.of(event).type();
    row.source = source;
    row.subject = event.subject();
    row.occurredAt = OffsetDateTime.now(ZoneOffset.UTC);
    row.payload = new String(EventCodec.toJson(event), StandardCharsets.UTF_8);
    return row.persist();
  }

  /**
   * Queues {@code event} in the transaction of {@code tx}, for services that write with SQL on the
   * reactive client (a hot path) instead of Hibernate sessions; the same row as {@link #add}.
   */
  public Uni<Void> add(SqlConnection tx, String eventId, SoaEvent event) {
    return tx.preparedQuery(INSERT).execute(row(eventId, event)).replaceWithVoid();
  }

  /** An event and the id it is queued under. */
  public record Entry(String eventId, SoaEvent event) {}

  /**
   * Queues many events in the transaction of {@code tx} in one round trip (a group commit's
   * events); the same rows as {@link #add(SqlConnection, String, SoaEvent)}.
   */
  public Uni<Void> addAll(SqlConnection tx, List<Entry> entries) {
    if (entries.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return tx.preparedQuery(INSERT)
        .executeBatch(entries.stream().map(e -> row(e.eventId(), e.event())).toList())
        .replaceWithVoid();
  }

  private static final String INSERT =
      "INSERT INTO outbox (event_id, topic, kafka_key, event_type, source, subject,"
          + " occurred_at, payload) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

  private Tuple row(String eventId, SoaEvent event) {
    return Tuple.from(
        List.of(
            eventId,
            EventTypes.of(event).topic(),
            event.subject(),
            EventTypes.of(event).type(),
            source,
            event.subject(),
            OffsetDateTime.now(ZoneOffset.UTC),
            new String(EventCodec.toJson(event), StandardCharsets.UTF_8)));
  }

  /** A UUID fixed by {@code parts}: the same consumed event always yields the same id. */
  public static String derivedId(String... parts) {
    return UUID.nameUUIDFromBytes(String.join("|", parts).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
