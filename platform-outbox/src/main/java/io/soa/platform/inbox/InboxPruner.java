package io.soa.platform.inbox;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Deletes inbox entries older than {@code soa.inbox.retention}, a bounded batch per round, so the
 * table that dedupes redeliveries does not grow forever. A redelivery older than the retention is
 * no longer recognised: keep it above the longest replay an operator may run.
 */
@ApplicationScoped
public class InboxPruner {
  private static final Logger LOG = Logger.getLogger(InboxPruner.class);

  private final Pool pool;
  private final InboxConfig config;

  public InboxPruner(Pool pool, InboxConfig config) {
    this.pool = pool;
    this.config = config;
  }

  void start(@Observes StartupEvent ev, Vertx vertx) {
    if (!config.enabled()) {
      return;
    }
    long every = Math.max(1, config.pruneInterval().toMillis());
    vertx.setPeriodic(
        every,
        every,
        id ->
            pruneOnce()
                .subscribe()
                .with(
                    n -> LOG.debugf("pruned %d inbox entr(ies)", n),
                    e -> LOG.warnf("inbox pruning failed, will retry: %s", e.toString())));
  }

  /** Deletes up to 10,000 entries past the retention, oldest first; returns how many. */
  public Uni<Integer> pruneOnce() {
    return pool.preparedQuery(
            """
            DELETE FROM inbox WHERE event_id IN (SELECT event_id FROM inbox
                WHERE received_at < now() - make_interval(secs => $1) ORDER BY received_at LIMIT 10000)""")
        .execute(Tuple.of(config.retention().toMillis() / 1000.0))
        .map(rs -> rs.rowCount());
  }
}
