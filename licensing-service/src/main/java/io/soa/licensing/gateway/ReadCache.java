package io.soa.licensing.gateway;

import io.smallrye.mutiny.Uni;
import io.soa.licensing.entitlement.Licence;
import io.soa.licensing.entitlement.ModelContext;
import io.soa.licensing.entitlement.repository.EntitlementStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the gateway reads per call, kept for {@code soa.gateway.read-cache-ttl} (1 s): a model's
 * catalog side, owner and prices, and a caller's licences of a model. Nothing here decides: a quota
 * is taken by a conditional statement on the licence row (holder, expiry, quota checked there),
 * payment-service charges the on-chain price it mirrors itself, and a refusal is made only after
 * reading the licences afresh. A stale entry can only send a call to a licence that no longer has
 * calls (the take fails and the next is tried), or to an endpoint changed within the last second.
 * Unknown models are not kept, so a model is callable as soon as it is mirrored.
 */
@ApplicationScoped
public class ReadCache {
  private static final int MAX_ENTRIES = 50_000;

  private record Timed<T>(T value, long until) {}

  private final EntitlementStore store;
  private final long ttlNanos;
  private final Map<BigInteger, Timed<ModelContext>> models = new ConcurrentHashMap<>();
  private final Map<String, Timed<List<Licence>>> licences = new ConcurrentHashMap<>();

  public ReadCache(EntitlementStore store, GatewayConfig config) {
    this.store = store;
    this.ttlNanos = config.readCacheTtl().toNanos();
  }

  public Uni<ModelContext> model(BigInteger id) {
    Timed<ModelContext> t = models.get(id);
    if (t != null && System.nanoTime() < t.until()) {
      return Uni.createFrom().item(t.value());
    }
    return store
        .model(id)
        .invoke(
            m -> {
              if (m.catalogId() != null) {
                bound(models);
                models.put(id, new Timed<>(m, System.nanoTime() + ttlNanos));
              }
            });
  }

  /** {@code holder}'s licences of {@code model}; read afresh when {@code fresh}. */
  public Uni<List<Licence>> licences(String holder, BigInteger model, boolean fresh) {
    String key = holder + "|" + model;
    Timed<List<Licence>> t = fresh ? null : licences.get(key);
    if (t != null && System.nanoTime() < t.until()) {
      return Uni.createFrom().item(t.value());
    }
    return store
        .licences(holder, model)
        .invoke(
            ls -> {
              bound(licences);
              licences.put(key, new Timed<>(ls, System.nanoTime() + ttlNanos));
            });
  }

  private static void bound(Map<?, ?> m) {
    if (m.size() >= MAX_ENTRIES) {
      m.clear(); // a burst of distinct callers: start again rather than grow
    }
  }
}
