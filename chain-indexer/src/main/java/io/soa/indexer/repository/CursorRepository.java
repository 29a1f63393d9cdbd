package io.soa.indexer.repository;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The durable cursor. Called from the follower's own thread, so it waits for the database
 * (never on an event loop).
 */
@ApplicationScoped
public class CursorRepository {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** The last published block of a chain. */
  public record Cursor(long blockNumber, String blockHash) {}

  private final Pool pool;

  public CursorRepository(Pool pool) {
    this.pool = pool;
  }

  public Optional<Cursor> load(long chainId) {
    var rows = pool.preparedQuery("SELECT block_number, block_hash FROM cursor WHERE chain_id = $1")
        .execute(Tuple.of(chainId)).await().atMost(TIMEOUT);
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row r = rows.iterator().next();
    return Optional.of(new Cursor(r.getLong("block_number"), r.getString("block_hash")));
  }

  public void save(long chainId, Cursor c) {
    pool.preparedQuery("""
            INSERT INTO cursor (chain_id, block_number, block_hash, updated_at)
            VALUES ($1, $2, $3, $4)
            ON CONFLICT (chain_id) DO UPDATE
              SET block_number = EXCLUDED.block_number, block_hash = EXCLUDED.block_hash,
                  updated_at = EXCLUDED.updated_at""")
        .execute(Tuple.of(chainId, c.blockNumber(), c.blockHash(),
            OffsetDateTime.now(ZoneOffset.UTC)))
        .await().atMost(TIMEOUT);
  }
}
