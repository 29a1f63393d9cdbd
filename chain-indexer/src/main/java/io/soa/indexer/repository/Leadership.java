package io.soa.indexer.repository;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * One indexer replica follows the chain at a time (active/standby): the leader holds a
 * session-level PostgreSQL advisory lock on the cursor's database, on a connection of its own kept
 * for as long as it leads. When the leader dies its session ends and the lock is free: a standby,
 * trying every {@code retry}, takes it within about that long and goes on from the stored cursor
 * (the cursor moves only with what was published, so there is no gap; what the old leader published
 * after its last commit is published again with the same ids, and consumers drop it). A leader that
 * cannot reach its lock's connection stops following at once.
 */
public final class Leadership {
  private static final Logger LOG = Logger.getLogger(Leadership.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Pool pool;
  private final long key;
  private final Duration check;
  private SqlConnection held;
  private long checkedAt;

  /** {@code key}: the lock, one per chain; {@code check}: how often a leader checks it still is. */
  public Leadership(Pool pool, long key, Duration check) {
    this.pool = pool;
    this.key = key;
    this.check = check;
  }

  /** True while this replica leads; tries to become leader when it does not. Blocking. */
  public boolean lead() {
    if (held != null) {
      if (System.nanoTime() - checkedAt < check.toNanos()) {
        return true;
      }
      try {
        held.query("SELECT 1").execute().await().atMost(TIMEOUT);
        checkedAt = System.nanoTime();
        return true;
      } catch (RuntimeException e) {
        LOG.warnf("lost the leader lock's connection, standing down: %s", e.toString());
        release();
        return false;
      }
    }
    SqlConnection c = null;
    try {
      c = pool.getConnection().await().atMost(TIMEOUT);
      Boolean got =
          c.preparedQuery("SELECT pg_try_advisory_lock($1) AS got")
              .execute(Tuple.of(key))
              .await()
              .atMost(TIMEOUT)
              .iterator()
              .next()
              .getBoolean("got");
      if (Boolean.TRUE.equals(got)) {
        held = c;
        checkedAt = System.nanoTime();
        LOG.infof("leading: this replica follows the chain (advisory lock %d)", key);
        return true;
      }
    } catch (RuntimeException e) {
      LOG.debugf("leader lock not reachable: %s", e.toString());
    }
    if (c != null) {
      c.closeAndForget(); // it holds no lock: pg_try_advisory_lock said no
    }
    return false;
  }

  public boolean leading() {
    return held != null;
  }

  /**
   * Gives the lock up. The connection goes back to the pool, whose session lives on, so the lock is
   * released explicitly; a broken connection's session has ended, and the lock with it.
   */
  public void release() {
    if (held != null) {
      try {
        held.preparedQuery("SELECT pg_advisory_unlock($1)")
            .execute(Tuple.of(key))
            .await()
            .atMost(TIMEOUT);
      } catch (RuntimeException e) {
        LOG.debugf("unlock failed (the session is likely gone with it): %s", e.toString());
      }
      held.closeAndForget();
      held = null;
    }
  }
}
