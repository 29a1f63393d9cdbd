package io.soa.platform.inbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Idempotent consumption: call {@link #firstDelivery} inside the transaction that applies the
 * event. It records the id and answers true once; on redelivery it answers false and the caller
 * applies nothing. Two racing deliveries collide on the primary key and one rolls back.
 */
@ApplicationScoped
public class Inbox {

  /** As {@link #firstDelivery(String, String)}, in the transaction of {@code tx} (SQL services). */
  public Uni<Boolean> firstDelivery(SqlConnection tx, String eventId, String eventType) {
    return tx.preparedQuery(
            "INSERT INTO inbox (event_id, event_type, received_at) VALUES ($1, $2, now())"
                + " ON CONFLICT (event_id) DO NOTHING")
        .execute(Tuple.of(eventId, eventType))
        .map(rows -> rows.rowCount() == 1);
  }

  public Uni<Boolean> firstDelivery(String eventId, String eventType) {
    return InboxEntry.<InboxEntry>findById(eventId)
        .flatMap(
            seen -> {
              if (seen != null) {
                return Uni.createFrom().item(false);
              }
              InboxEntry e = new InboxEntry();
              e.eventId = eventId;
              e.eventType = eventType;
              e.receivedAt = OffsetDateTime.now(ZoneOffset.UTC);
              return e.persist().replaceWith(true);
            });
  }
}
