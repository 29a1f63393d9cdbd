package io.soa.licensing.service;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.soa.events.licensing.EntitlementExpired;
import io.soa.licensing.config.GatewayConfig;
import io.soa.licensing.repository.EntitlementStore;
import io.soa.platform.outbox.Outbox;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Announces licences that passed their expiry (EntitlementExpired, once per licence: the flag and
 * the event commit together, and concurrent replicas' sweeps lock the rows, so one wins). The
 * gateway refuses an expired licence whether or not it was announced yet. Also forgets the requests
 * of calls started more than a day ago ({@code access_call}).
 */
@ApplicationScoped
public class ExpirySweep {
  private static final Logger LOG = Logger.getLogger(ExpirySweep.class);

  private final EntitlementStore store;
  private final Outbox outbox;
  private final GatewayConfig config;
  private final io.soa.licensing.repository.CallStore calls;

  public ExpirySweep(
      EntitlementStore store,
      Outbox outbox,
      GatewayConfig config,
      io.soa.licensing.repository.CallStore calls) {
    this.store = store;
    this.calls = calls;
    this.outbox = outbox;
    this.config = config;
  }

  void start(@Observes StartupEvent ev, Vertx vertx) {
    long every = config.expirySweepInterval().toMillis();
    vertx.setPeriodic(
        every,
        every,
        id ->
            sweep()
                .chain(this::forgetOldTakes)
                .subscribe()
                .with(n -> {}, e -> LOG.warn("announcing expired licences failed", e)));
  }

  /** Forgets up to 5,000 calls (request ids) started more than a day ago; how many. */
  Uni<Integer> forgetOldTakes() {
    return calls.prune(java.time.Duration.ofDays(1), 5000);
  }

  /** Announces up to 500 licences expired by now; how many. */
  public Uni<Integer> sweep() {
    return store
        .pool()
        .withTransaction(
            tx ->
                tx.preparedQuery(
                        "UPDATE licence SET expiry_told = true WHERE license_id IN (SELECT"
                            + " license_id FROM licence WHERE NOT expiry_told AND expires_at > 0"
                            + " AND expires_at <= $1 ORDER BY expires_at LIMIT 500 FOR UPDATE SKIP"
                            + " LOCKED) RETURNING license_id, model_id, holder, expires_at,"
                            + " call_quota, calls_used")
                    .execute(Tuple.of(Instant.now().getEpochSecond()))
                    .flatMap(
                        rows -> {
                          List<Outbox.Entry> events = new ArrayList<>();
                          for (Row r : rows) {
                            String id = r.getBigDecimal("license_id").toPlainString();
                            events.add(
                                new Outbox.Entry(
                                    java.util.UUID.randomUUID().toString(),
                                    new EntitlementExpired(
                                        id,
                                        r.getBigDecimal("model_id").toPlainString(),
                                        r.getString("holder"),
                                        Long.toString(r.getLong("expires_at")),
                                        ChainMirror.callsLeft(r))));
                          }
                          return outbox.addAll(tx, events).replaceWith(events.size());
                        }));
  }
}
