package io.soa.licensing.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.soa.events.EventCodec;
import io.soa.licensing.entitlement.ModelContext;
import io.soa.licensing.entitlement.repository.EntitlementStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * x402's discovery listing (the Bazaar extension's {@code GET /discovery/resources}): every feature
 * of a listed model that has a price per call, as the resource to call and the {@code exact} offer
 * its 402 makes, in pages. Read from this service's mirrors; the first {@value #MODELS} priced
 * models by id are listed. The endpoint is public: the models are read at most once per {@code
 * soa.gateway.read-cache-ttl}, however many ask.
 */
@ApplicationScoped
public class X402Discovery {
  static final int MODELS = 10_000;

  private final X402Offers offers;
  private final Uni<List<ModelContext>> priced;

  public X402Discovery(EntitlementStore store, X402Offers offers, GatewayConfig config) {
    this.offers = offers;
    this.priced =
        Uni.createFrom()
            .deferred(() -> store.pricedModels(MODELS))
            .memoize()
            .atLeast(config.readCacheTtl());
  }

  /**
   * The page of {@code limit} resources after {@code offset}, under the gateway at {@code base}.
   */
  public Uni<ObjectNode> resources(String base, int limit, int offset) {
    return offers
        .authorizer()
        .flatMap(known -> priced)
        .map(
            models -> {
              List<ObjectNode> all = new ArrayList<>();
              String now = Instant.now().toString();
              for (ModelContext m : models) {
                for (String feature : m.features()) {
                  offers
                      .offer(m, feature)
                      .ifPresent(
                          offer -> {
                            ObjectNode r = resource(base, m, feature, offer, now);
                            offers
                                .batchOffer(m, feature)
                                .ifPresent(b -> ((ArrayNode) r.path("accepts")).add(b));
                            all.add(r);
                          });
                }
              }
              ObjectNode page = EventCodec.JSON.createObjectNode().put("x402Version", 2);
              ArrayNode items = page.putArray("items");
              all.stream().skip(offset).limit(limit).forEach(items::add);
              page.putObject("pagination")
                  .put("limit", limit)
                  .put("offset", offset)
                  .put("total", all.size());
              return page;
            });
  }

  private static ObjectNode resource(
      String base, ModelContext m, String feature, ObjectNode offer, String now) {
    ObjectNode r = EventCodec.JSON.createObjectNode();
    r.put("resource", base + "/v1/models/" + m.modelId() + "/features/" + feature + "/invoke")
        .put("type", "http")
        .put("x402Version", 2);
    r.putArray("accepts").add(offer);
    r.put("lastUpdated", now)
        .put("description", feature + " of model " + m.modelId() + ", one call (POST)")
        .put("mimeType", "application/octet-stream")
        .put("serviceName", "SOA model " + m.modelId());
    return r;
  }
}
