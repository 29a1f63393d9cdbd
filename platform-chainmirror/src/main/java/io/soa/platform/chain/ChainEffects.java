package io.soa.platform.chain;

import io.smallrye.mutiny.Uni;
import io.soa.events.ChainEvent;
import io.soa.events.EventTypes;
import io.soa.platform.inbox.Inbox;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * What each applied chain event changed, so that its retraction after a reorg restores exactly
 * that: one row per event in the service's {@code chain_effect} table ({@code event_id} primary
 * key, {@code kind}, {@code key}, {@code before}: the fields as they were, JSON or a plain value,
 * null when the thing did not exist, {@code applied_at}). Retractions arrive newest first, so
 * restores nest. Used in the transaction that applies the event and records it in the inbox: a SQL
 * client's, or a Hibernate session's (catalog-service's tokenization mirror).
 */
public final class ChainEffects {
  private static final Logger LOG = Logger.getLogger(ChainEffects.class);

  private ChainEffects() {}

  /** What one event changed: the kind of thing, its key, and its state before. */
  public record Effect(String kind, String key, String before) {}

  /**
   * {@link #applyOnce(Pool, Inbox, String, ChainEvent, Function, BiFunction)} for an event from one
   * of {@code chain}'s contracts; any other (a forged price, owner or channel from another chain or
   * contract, or a record of another producer on the topic) changes nothing.
   */
  public static Uni<Void> applyIfOurs(
      ChainContracts chain,
      Pool pool,
      Inbox inbox,
      String eventId,
      ChainEvent e,
      Function<SqlConnection, Uni<Void>> apply,
      BiFunction<SqlConnection, String, Uni<Void>> undo) {
    if (!chain.isOurs(e)) {
      LOG.debugf(
          "event %s is of chain %d, contract %s: not ours", eventId, e.chainId(), e.contract());
      return Uni.createFrom().voidItem();
    }
    return applyOnce(pool, inbox, eventId, e, apply, undo);
  }

  /**
   * Applies the chain event {@code e} (id {@code eventId}) once, in one transaction with its inbox
   * entry: a redelivery does nothing; a retraction runs {@code undo} with the id of the event it
   * takes back (whose effects {@link #take} returns); any other event runs {@code apply}.
   */
  public static Uni<Void> applyOnce(
      Pool pool,
      Inbox inbox,
      String eventId,
      ChainEvent e,
      Function<SqlConnection, Uni<Void>> apply,
      BiFunction<SqlConnection, String, Uni<Void>> undo) {
    return pool.withTransaction(
        tx ->
            inbox
                .firstDelivery(tx, eventId, EventTypes.of(e).type())
                .flatMap(
                    first -> {
                      if (!first) {
                        return Uni.createFrom().voidItem(); // a redelivery
                      }
                      return e.removed() ? undo.apply(tx, retracted(eventId)) : apply.apply(tx);
                    }));
  }

  /** Records that {@code eventId} changed {@code kind}/{@code key}, which was {@code before}. */
  public static Uni<Void> record(
      SqlConnection tx, String eventId, String kind, String key, String before) {
    return tx.preparedQuery(
            "INSERT INTO chain_effect (event_id, kind, key, before, applied_at)"
                + " VALUES ($1, $2, $3, $4, now())")
        .execute(Tuple.of(eventId, kind, key, before))
        .replaceWithVoid();
  }

  /**
   * Takes (deletes and returns) what {@code eventId} changed; empty when it changed nothing (it was
   * ignored when applied, or its retraction came already).
   */
  public static Uni<Optional<Effect>> take(SqlConnection tx, String eventId) {
    return tx.preparedQuery(
            "DELETE FROM chain_effect WHERE event_id = $1 RETURNING kind, key, before")
        .execute(Tuple.of(eventId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row r = rows.iterator().next();
              return Optional.of(
                  new Effect(r.getString("kind"), r.getString("key"), r.getString("before")));
            });
  }

  /** As {@link #record(SqlConnection, String, String, String, String)}, in a Hibernate session. */
  public static Uni<Void> record(
      Mutiny.Session session, String eventId, String kind, String key, String before) {
    return session
        .createNativeQuery(
            "INSERT INTO chain_effect (event_id, kind, key, before, applied_at)"
                + " VALUES (?1, ?2, ?3, ?4, now())")
        .setParameter(1, eventId)
        .setParameter(2, kind)
        .setParameter(3, key)
        .setParameter(4, before)
        .executeUpdate()
        .replaceWithVoid();
  }

  /** As {@link #take(SqlConnection, String)}, in a Hibernate session. */
  public static Uni<Optional<Effect>> take(Mutiny.Session session, String eventId) {
    return session
        .createNativeQuery(
            "SELECT kind, key, before FROM chain_effect WHERE event_id = ?1", Object[].class)
        .setParameter(1, eventId)
        .getResultList()
        .flatMap(
            rows -> {
              if (rows.isEmpty()) {
                return Uni.createFrom().item(Optional.<Effect>empty());
              }
              Object[] r = rows.get(0);
              Effect e = new Effect((String) r[0], (String) r[1], (String) r[2]);
              return session
                  .createNativeQuery("DELETE FROM chain_effect WHERE event_id = ?1")
                  .setParameter(1, eventId)
                  .executeUpdate()
                  .replaceWith(Optional.of(e));
            });
  }

  /** The id of the event a retraction ({@code <id>:removed:<blockHash>}) takes back. */
  public static String retracted(String retractionId) {
    return io.soa.events.ChainEventIds.retracted(retractionId);
  }
}
