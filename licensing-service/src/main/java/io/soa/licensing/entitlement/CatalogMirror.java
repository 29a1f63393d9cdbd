package io.soa.licensing.service;

import io.smallrye.mutiny.Uni;
import io.soa.events.EventTypes;
import io.soa.events.SoaEvent;
import io.soa.events.catalog.ModelDelisted;
import io.soa.events.catalog.ModelRegistered;
import io.soa.events.catalog.ModelRelisted;
import io.soa.events.catalog.ModelTokenized;
import io.soa.events.catalog.ModelUpdated;
import io.soa.licensing.config.ChainConfig;
import io.soa.platform.inbox.Inbox;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

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
  private final Inbox inbox;
  private final ChainConfig config;

  public CatalogMirror(Pool pool, Inbox inbox, ChainConfig config) {
    this.pool = pool;
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
      case ModelRegistered r -> upsert(tx, r.modelId(), r.features(), r.endpointUrl());
      case ModelUpdated u -> {
        Uni<Void> described = upsert(tx, u.modelId(), u.features(), u.endpointUrl());
        // a retracted tokenization: the token no longer is this model's
        yield u.changed().contains("token") && !"tokenized".equals(u.state())
            ? described.chain(
                () ->
                    exec(
                        tx,
                        "UPDATE catalog_model SET token_id = NULL" + " WHERE catalog_id = $1",
                        Tuple.of(UUID.fromString(u.modelId()))))
            : described;
      }
      case ModelTokenized t ->
          t.chainId() != config.chainId() || !config.modelRegistry().equalsIgnoreCase(t.contract())
              ? Uni.createFrom().voidItem()
              : exec(
                  tx,
                  "INSERT INTO catalog_model (catalog_id, token_id) VALUES ($1, $2)"
                      + " ON CONFLICT (catalog_id) DO UPDATE SET token_id = $2",
                  Tuple.of(UUID.fromString(t.modelId()), dec(t.tokenId())));
      case ModelDelisted d -> listed(tx, d.modelId(), false);
      case ModelRelisted r -> listed(tx, r.modelId(), true);
      default -> Uni.createFrom().voidItem();
    };
  }

  private static Uni<Void> upsert(
      SqlConnection tx, String catalogId, List<String> features, String endpoint) {
    return exec(
        tx,
        "INSERT INTO catalog_model (catalog_id, features, endpoint_url) VALUES ($1, $2, $3)"
            + " ON CONFLICT (catalog_id) DO UPDATE SET features = $2, endpoint_url = $3",
        Tuple.from(
            Arrays.asList(
                UUID.fromString(catalogId),
                (features == null ? List.<String>of() : features).toArray(String[]::new),
                endpoint)));
  }

  private static Uni<Void> listed(SqlConnection tx, String catalogId, boolean listed) {
    return exec(
        tx,
        "INSERT INTO catalog_model (catalog_id, listed) VALUES ($1, $2)"
            + " ON CONFLICT (catalog_id) DO UPDATE SET listed = $2",
        Tuple.of(UUID.fromString(catalogId), listed));
  }

  private static Uni<Void> exec(SqlConnection tx, String sql, Tuple args) {
    return tx.preparedQuery(sql).execute(args).replaceWithVoid();
  }

  private static BigDecimal dec(String decimal) {
    return new BigDecimal(new BigInteger(decimal));
  }
}
