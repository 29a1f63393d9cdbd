package io.soa.licensing.entitlement;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.soa.events.licensing.EntitlementExpired;
import io.soa.licensing.entitlement.repository.LicenceMirrorStore;
import io.soa.licensing.gateway.GatewayConfig;
import io.soa.licensing.gateway.repository.CallStore;
import io.soa.platform.outbox.Outbox;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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

  private final Pool pool;
  private final LicenceMirrorStore licences;
  private final Outbox outbox;
  private final GatewayConfig config;
  private final CallStore calls;

  public ExpirySweep(
      Pool pool,
      LicenceMirrorStore licences,
      Outbox outbox,
      GatewayConfig config,
      CallStore calls) {
    this.pool = pool;
    this.licences = licences;
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
    return pool.withTransaction(
        tx ->
            licences
                .flagExpired(tx, Instant.now().getEpochSecond(), 500)
                .flatMap(
                    expired -> {
                      List<Outbox.Entry> events = new ArrayList<>();
                      for (LicenceMirrorStore.Expired x : expired) {
                        events.add(
                            new Outbox.Entry(
                                // once per licence row (the flag commits with it); a licence
                                // retracted and mined again is a new row, told again
                                UUID.randomUUID().toString(),
                                new EntitlementExpired(
                                    x.licenseId(),
                                    x.licence().modelId(),
                                    x.licence().holder(),
                                    Long.toString(x.expiresAt()),
                                    x.licence().callsLeft())));
                      }
                      return outbox.addAll(tx, events).replaceWith(events.size());
                    }));
  }
}
