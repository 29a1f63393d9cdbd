package io.soa.indexer.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The indexer's durable state: the cursor (last published block), the hashes of recent blocks and
 * the events published from them. Every change is one transaction, made only after Kafka has
 * acknowledged the events it records. Called from the follower's own thread, so it waits for the
 * database (never on an event loop).
 */
@ApplicationScoped
public class CursorRepository {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The last published block of a chain; {@code haltedReason} non-null while halted. */
  public record Cursor(long blockNumber, String blockHash, Long blockTime, String haltedReason) {
    /** False before the first block was published (or right after a replay to the start). */
    public boolean hasHash() {
      return blockHash != null && !blockHash.isEmpty();
    }
  }

  /** A stored block hash. */
  public record BlockHash(long number, String hash) {}

  /** An event as published, kept while its block is within the reorg window. */
  public record Published(
      long blockNumber,
      long logIndex,
      String blockHash,
      String eventId,
      String eventType,
      String topic,
      String key,
      String payload) {}

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private final Pool pool;

  public CursorRepository(Pool pool) {
    this.pool = pool;
  }

  public Optional<Cursor> load(long chainId) {
    var rows =
        pool.preparedQuery(
                "SELECT block_number, block_hash, block_time, halted_reason FROM cursor WHERE chain_id = $1")
            .execute(Tuple.of(chainId))
            .await()
            .atMost(TIMEOUT);
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row r = rows.iterator().next();
    return Optional.of(
        new Cursor(
            r.getLong("block_number"),
            r.getString("block_hash"),
            r.getLong("block_time"),
            r.getString("halted_reason")));
  }

  /** Stored hashes, newest first. */
  public List<BlockHash> hashesDescending(long chainId) {
    List<BlockHash> out = new ArrayList<>();
    pool.preparedQuery(
            "SELECT block_number, block_hash FROM block_hash WHERE chain_id = $1 ORDER BY block_number DESC")
        .execute(Tuple.of(chainId))
        .await()
        .atMost(TIMEOUT)
        .forEach(r -> out.add(new BlockHash(r.getLong(0), r.getString(1))));
    return out;
  }

  /** A stored payload: a JSON object (or, in rows written before V0.2, its text). */
  private static String payloadOf(com.fasterxml.jackson.databind.JsonNode p) {
    return p.isTextual() ? p.asText() : p.toString();
  }

  /** Events published from blocks above {@code block}, newest first (the order to retract). */
  public List<Published> publishedAbove(long chainId, long block) {
    List<Published> out = new ArrayList<>();
    var rows =
        pool.preparedQuery(
                "SELECT block_number, block_hash, events FROM published_block "
                    + "WHERE chain_id = $1 AND block_number > $2 ORDER BY block_number DESC")
            .execute(Tuple.of(chainId, block))
            .await()
            .atMost(TIMEOUT);
    for (Row r : rows) {
      try {
        List<Published> inBlock = new ArrayList<>();
        for (var e : JSON.readTree(r.getString(2))) {
          inBlock.add(
              new Published(
                  r.getLong(0),
                  e.get("logIndex").asLong(),
                  r.getString(1),
                  e.get("id").asText(),
                  e.get("type").asText(),
                  e.get("topic").asText(),
                  e.get("key").asText(),
                  payloadOf(e.get("payload"))));
        }
        inBlock.sort(java.util.Comparator.comparingLong(Published::logIndex).reversed());
        out.addAll(inBlock);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return out;
  }

  /**
   * Records a published range: the new cursor, the hashes of its blocks within the window and its
   * events, and forgets what fell out of the window, in one transaction.
   */
  public void commitRange(
      long chainId, Cursor cursor, List<BlockHash> hashes, List<Published> events, long keepFrom) {
    pool.withTransaction(
            c ->
                insertHashes(c, chainId, hashes)
                    .flatMap(x -> insertEvents(c, chainId, events))
                    .flatMap(
                        x ->
                            c.preparedQuery(
                                    "DELETE FROM block_hash WHERE chain_id = $1 AND block_number < $2")
                                .execute(Tuple.of(chainId, keepFrom)))
                    .flatMap(
                        x ->
                            c.preparedQuery(
                                    "DELETE FROM published_block WHERE chain_id = $1 AND block_number < $2")
                                .execute(Tuple.of(chainId, keepFrom)))
                    .flatMap(x -> upsertCursor(c, chainId, cursor)))
        .await()
        .atMost(TIMEOUT);
  }

  /** Base ids of every event ever retracted on this chain. */
  public java.util.Set<String> retractedIds(long chainId) {
    java.util.Set<String> out = new java.util.HashSet<>();
    pool.preparedQuery("SELECT event_id FROM retracted_event WHERE chain_id = $1")
        .execute(Tuple.of(chainId))
        .await()
        .atMost(TIMEOUT)
        .forEach(r -> out.add(r.getString(0)));
    return out;
  }

  /**
   * Moves the cursor back to {@code fork}, forgets everything above it, and remembers the base ids
   * of the retracted events.
   */
  public void rollBack(long chainId, Cursor fork, java.util.Collection<String> retractedBaseIds) {
    List<Tuple> ids = retractedBaseIds.stream().map(id -> Tuple.of(chainId, id)).toList();
    pool.withTransaction(
            c ->
                (ids.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : c.preparedQuery(
                                "INSERT INTO retracted_event (chain_id, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                            .executeBatch(ids))
                    .flatMap(
                        x ->
                            c.preparedQuery(
                                    "DELETE FROM block_hash WHERE chain_id = $1 AND block_number > $2")
                                .execute(Tuple.of(chainId, fork.blockNumber())))
                    .flatMap(
                        x ->
                            c.preparedQuery(
                                    "DELETE FROM published_block WHERE chain_id = $1 AND block_number > $2")
                                .execute(Tuple.of(chainId, fork.blockNumber())))
                    .flatMap(x -> upsertCursor(c, chainId, fork)))
        .await()
        .atMost(TIMEOUT);
  }

  public void setHalted(long chainId, Cursor cursor, String reason) {
    pool.withTransaction(
            c ->
                upsertCursor(
                    c,
                    chainId,
                    new Cursor(
                        cursor.blockNumber(), cursor.blockHash(), cursor.blockTime(), reason)))
        .await()
        .atMost(TIMEOUT);
  }

  private Uni<?> upsertCursor(SqlConnection c, long chainId, Cursor cur) {
    return c.preparedQuery(
            """
            INSERT INTO cursor (chain_id, block_number, block_hash, block_time, halted_reason, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (chain_id) DO UPDATE SET block_number = EXCLUDED.block_number,
              block_hash = EXCLUDED.block_hash, block_time = EXCLUDED.block_time,
              halted_reason = EXCLUDED.halted_reason, updated_at = EXCLUDED.updated_at""")
        .execute(
            Tuple.from(
                new Object[] {
                  chainId,
                  cur.blockNumber(),
                  cur.blockHash() == null ? "" : cur.blockHash(),
                  cur.blockTime(),
                  cur.haltedReason(),
                  OffsetDateTime.now(ZoneOffset.UTC)
                }));
  }

  private Uni<?> insertHashes(SqlConnection c, long chainId, List<BlockHash> hashes) {
    if (hashes.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<Tuple> batch = hashes.stream().map(h -> Tuple.of(chainId, h.number(), h.hash())).toList();
    return c.preparedQuery(
            """
            INSERT INTO block_hash (chain_id, block_number, block_hash) VALUES ($1, $2, $3)
            ON CONFLICT (chain_id, block_number) DO UPDATE SET block_hash = EXCLUDED.block_hash""")
        .executeBatch(batch);
  }

  private Uni<?> insertEvents(SqlConnection c, long chainId, List<Published> events) {
    if (events.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    java.util.Map<Long, List<Published>> byBlock = new java.util.TreeMap<>();
    events.forEach(e -> byBlock.computeIfAbsent(e.blockNumber(), b -> new ArrayList<>()).add(e));
    List<Tuple> batch = new ArrayList<>();
    // The payload is already JSON: embedded as an object, not re-escaped as a string (the
    // window holds every event of the last reorgWindow blocks, so this is on the hot path).
    var quote = com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance();
    for (var b : byBlock.entrySet()) {
      StringBuilder array = new StringBuilder(b.getValue().size() * 900).append('[');
      for (Published e : b.getValue()) {
        if (array.length() > 1) {
          array.append(',');
        }
        array
            .append("{\"logIndex\":")
            .append(e.logIndex())
            .append(",\"id\":\"")
            .append(quote.quoteAsString(e.eventId()))
            .append("\",\"type\":\"")
            .append(quote.quoteAsString(e.eventType()))
            .append("\",\"topic\":\"")
            .append(quote.quoteAsString(e.topic()))
            .append("\",\"key\":\"")
            .append(quote.quoteAsString(e.key()))
            .append("\",\"payload\":")
            .append(e.payload())
            .append('}');
      }
      batch.add(
          Tuple.of(
              chainId, b.getKey(), b.getValue().get(0).blockHash(), array.append(']').toString()));
    }
    return c.preparedQuery(
            "INSERT INTO published_block (chain_id, block_number, block_hash, events) "
                + "VALUES ($1, $2, $3, $4) ON CONFLICT (chain_id, block_number) DO UPDATE "
                + "SET block_hash = EXCLUDED.block_hash, events = EXCLUDED.events")
        .executeBatch(batch);
  }
}
