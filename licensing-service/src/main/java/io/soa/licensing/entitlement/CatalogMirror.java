package io.soa.licensing.entitlement;

import io.smallrye.mutiny.Uni;
import io.soa.events.EventTypes;
import io.soa.events.SoaEvent;
import io.soa.events.catalog.ModelDelisted;
import io.soa.events.catalog.ModelRegistered;
import io.soa.events.catalog.ModelRelisted;
import io.soa.events.catalog.ModelTokenized;
import io.soa.events.catalog.ModelUpdated;
import io.soa.licensing.entitlement.repository.CatalogModels;
import io.soa.platform.chain.ChainContracts;
import io.soa.platform.inbox.Inbox;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Mirrors the catalog's side of a model (soa.catalog.models.v1, in order per model): which model
 * token it is (the catalog's own ModelTokenized: the catalog accepts only its developer's
 * tokenization, so a stranger's token of the same catalog id never gets its endpoint), its
 * features, the endpoint the gateway forwards to, and whether it is listed. Each event applies once
 * (inbox). The endpoint is checked again at connect time, whatever the catalog said.
 */
@ApplicationScoped
public class CatalogMirror {
  private static final Set<String> MIRRORED =
      Set.of(
          ModelRegistered.TYPE,
          ModelUpdated.TYPE,
          ModelTokenized.TYPE,
          ModelDelisted.TYPE,
          ModelRelisted.TYPE);

  private final Pool pool;
  private final CatalogModels models;
  private final Inbox inbox;
  private final ChainContracts config;

  public CatalogMirror(Pool pool, CatalogModels models, Inbox inbox, ChainContracts config) {
    this.pool = pool;
    this.models = models;
    this.inbox = inbox;
    this.config = config;
  }

  public static boolean mirrors(String type) {
    return MIRRORED.contains(type);
  }

  public Uni<Void> apply(String eventId, SoaEvent e) {
    return pool.withTransaction(
        tx ->
            inbox
                .firstDelivery(tx, eventId, EventTypes.of(e).type())
                .flatMap(first -> first ? applyNew(tx, e) : Uni.createFrom().voidItem()));
  }

  private Uni<Void> applyNew(SqlConnection tx, SoaEvent e) {
    return switch (e) {
      case ModelRegistered r -> models.describe(tx, r.modelId(), r.features(), r.endpointUrl());
      case ModelUpdated u -> {
        Uni<Void> described = models.describe(tx, u.modelId(), u.features(), u.endpointUrl());
        // a retracted tokenization: the token no longer is this model's
        yield u.changed().contains("token") && !"tokenized".equals(u.state())
            ? described.chain(() -> models.token(tx, u.modelId(), null))
            : described;
      }
      case ModelTokenized t ->
          t.chainId() != config.chainId() || !config.modelRegistry().equalsIgnoreCase(t.contract())
              ? Uni.createFrom().voidItem()
              : models.token(tx, t.modelId(), t.tokenId());
      case ModelDelisted d -> models.listed(tx, d.modelId(), false);
      case ModelRelisted r -> models.listed(tx, r.modelId(), true);
      default -> Uni.createFrom().voidItem();
    };
  }
}
