package io.soa.platform.outbox;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.soa.events.EventCodec;
import io.soa.platform.messaging.KafkaEvents;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in {@code seq} order and marks them published once Kafka has
 * acknowledged them. A transaction-scoped advisory lock lets one replica relay at a time, which
 * keeps per-key order across replicas. A crash between the acknowledgement and the mark re-sends
 * the same event (same id); consumers drop it in their inbox.
 */
@ApplicationScoped
public class OutboxRelay {
  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
  private static final long LOCK_KEY = 0x50A0_0B0BL;

  private final Pool pool;
  private final KafkaEvents kafka;
  private final int batchSize;
  private final long intervalMs;
  private final java.time.Duration retention;
  private final long pruneIntervalMs;
  private final boolean enabled;
  private final java.util.concurrent.atomic.AtomicBoolean busy =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** Failed rounds in a row, and no round before this time: a database outage backs off. */
  private volatile int failures;

  private volatile long pausedUntil;

  public OutboxRelay(Pool pool, KafkaEvents kafka, OutboxConfig config) {
    this.pool = pool;
    this.kafka = kafka;
    this.batchSize = config.batchSize();
    this.intervalMs = Math.max(1, config.interval().toMillis());
    this.retention = config.retention();
    this.pruneIntervalMs = Math.max(1, config.pruneInterval().toMillis());
    this.enabled = config.enabled();
  }

  /**
   * Polls on a Vert.x timer (Quarkus' scheduler does not go below one second); one round at a time,
   * and a full batch is followed at once by the next.
   */
  void start(@Observes StartupEvent ev, io.vertx.mutiny.core.Vertx vertx) {
    if (!enabled) {
      return;
    }
    vertx.setPeriodic(1_000, intervalMs, id -> tick());
    vertx.setPeriodic(
        pruneIntervalMs,
        pruneIntervalMs,
        id ->
            pruneOnce()
                .subscribe()
                .with(
                    n -> LOG.debugf("pruned %d published outbox event(s)", n),
                    e -> LOG.warnf("outbox pruning failed, will retry: %s", e.toString())));
  }

  /**
   * Deletes the oldest events while they were published longer than the retention ago, at most
   * 10,000; returns how many. Events are published in seq order, so those form a prefix: reading
   * the first 10,000 rows by primary key finds it, whatever the table's size, with no index on
   * published_at. An unpublished event is never touched, nor anything after it.
   */
  public Uni<Integer> pruneOnce() {
    return pool.preparedQuery(
            """
            WITH head AS (SELECT seq, published_at < now() - make_interval(secs => $1) AS old
                          FROM outbox ORDER BY seq LIMIT 10000)
            DELETE FROM outbox WHERE seq IN (SELECT seq FROM head WHERE seq < coalesce(
                (SELECT min(seq) FROM head WHERE old IS NOT TRUE), 9223372036854775807))""")
        .execute(Tuple.of(retention.toMillis() / 1000.0))
        .map(rs -> rs.rowCount());
  }

  private void tick() {
    if (System.currentTimeMillis() < pausedUntil || !busy.compareAndSet(false, true)) {
      return;
    }
    relayOnce()
        .subscribe()
        .with(
            n -> {
              failures = 0;
              busy.set(false);
              if (n >= batchSize) {
                tick();
              }
            },
            e -> {
              int f = ++failures;
              long waitMs = Math.min(30_000, intervalMs << Math.min(f, 10));
              pausedUntil = System.currentTimeMillis() + waitMs;
              busy.set(false);
              LOG.warnf(
                  "outbox relay failed (%d in a row), retrying in %d ms: %s",
                  f, waitMs, e.toString());
            });
  }

  /** Relays one batch; returns how many events were published. */
  public Uni<Integer> relayOnce() {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked")
                .execute(Tuple.of(LOCK_KEY))
                .flatMap(
                    rs ->
                        rs.iterator().next().getBoolean("locked")
                            ? relayLocked(conn)
                            : Uni.createFrom().item(0)));
  }

  private Uni<Integer> relayLocked(SqlConnection conn) {
    return conn.preparedQuery(
            """
            SELECT seq, event_id, topic, kafka_key, event_type, source, subject, occurred_at, payload
            FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT $1""")
        .execute(Tuple.of(batchSize))
        .flatMap(
            rows -> {
              List<Long> seqs = new ArrayList<>();
              List<Uni<org.apache.kafka.clients.producer.RecordMetadata>> sends = new ArrayList<>();
              for (Row r : rows) {
                seqs.add(r.getLong("seq"));
                sends.add(
                    kafka.send(
                        EventCodec.toRecord(
                            r.getString("topic"), r.getString("kafka_key"), toCloudEvent(r))));
              }
              if (seqs.isEmpty()) {
                return Uni.createFrom().item(0);
              }
              return Uni.join()
                  .all(sends)
                  .andFailFast()
                  .flatMap(
                      acked ->
                          conn.preparedQuery(
                                  "UPDATE outbox SET published_at = now() WHERE seq = ANY($1)")
                              .execute(Tuple.of(seqs.toArray(new Long[0]))))
                  .map(done -> seqs.size());
            });
  }

  private static CloudEvent toCloudEvent(Row r) {
    return CloudEventBuilder.v1()
        .withId(r.getString("event_id"))
        .withType(r.getString("event_type"))
        .withSource(URI.create(r.getString("source")))
        .withSubject(r.getString("subject"))
        .withTime(r.getOffsetDateTime("occurred_at"))
        .withDataContentType("application/json")
        .withData(r.getString("payload").getBytes(StandardCharsets.UTF_8))
        .build();
  }
}
