package io.soa.platform.messaging;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * How every consumer of the suite treats a failed record (DESIGN §5). A transient failure (the
 * database or the network away, a serialization conflict) is retried with backoff, for as long as
 * it lasts, and holds the partition: skipping would reorder a model's events. Any other failure (a
 * record that cannot be decoded, a handler that refuses it) fails the message, and the channel's
 * {@code failure-strategy=dead-letter-queue} writes it to {@code soa.dlq.<service>.v1} with the
 * error and the original headers, then moves on: one poison record never stops a service's mirror.
 */
public final class Redelivery {
  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(Redelivery.class);

  private Redelivery() {}

  /**
   * {@code work}, retried while it fails transiently (200 ms doubling to 30 s, no limit); each
   * retry counts in {@code soa_consumer_transient_retries_total}, for alerts and tests.
   */
  public static <T> Uni<T> retryingTransientFailures(Uni<T> work) {
    return work.onFailure(Redelivery::isTransient)
        .invoke(
            e -> {
              io.micrometer.core.instrument.Metrics.counter("soa_consumer_transient_retries")
                  .increment();
              LOG.warnf("transient failure, retrying the record: %s", e.toString());
            })
        .onFailure(Redelivery::isTransient)
        .retry()
        .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30))
        .indefinitely();
  }

  /** True for failures that go away by themselves: connections, timeouts, conflicts. */
  public static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PgException pg && pg.getSqlState() != null) {
        String state = pg.getSqlState();
        // 08 connection, 53 resources, 57P admin shutdown, 40001 serialization, 40P01 deadlock
        return state.startsWith("08")
            || state.startsWith("53")
            || state.startsWith("57P")
            || state.equals("40001")
            || state.equals("40P01");
      }
      if (t instanceof io.vertx.sqlclient.ClosedConnectionException
          || t instanceof IOException
          || t instanceof TimeoutException
          || t instanceof io.smallrye.mutiny.TimeoutException) {
        return true;
      }
      // Vert.x reports some connection losses only in words ("Connection is closed")
      if ((t instanceof io.vertx.core.VertxException
              || t instanceof io.vertx.core.impl.NoStackTraceThrowable)
          && String.valueOf(t.getMessage())
              .toLowerCase(java.util.Locale.ROOT)
              .contains("connection")) {
        return true;
      }
    }
    return false;
  }

  /** The dead-letter topic of a service. */
  public static String deadLetterTopic(String service) {
    return "soa.dlq." + service + ".v1";
  }
}
