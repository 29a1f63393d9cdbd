package io.soa.catalog.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.soa.catalog.domain.Model;
import io.soa.catalog.domain.UsagePrice;
import io.soa.catalog.repository.MarketColumns;
import io.soa.catalog.repository.ModelRepository;
import io.soa.events.ChainEvent;
import io.soa.events.EventTypes;
import io.soa.events.catalog.ModelOwnerChanged;
import io.soa.events.catalog.ModelTokenized;
import io.soa.events.catalog.ModelUpdated;
import io.soa.events.catalog.UsagePriceChanged;
import io.soa.events.chain.ModelMetadataUpdated;
import io.soa.events.chain.ModelTransferred;
import io.soa.events.chain.UsagePriceSet;
import io.soa.platform.chain.ChainEffects;
import io.soa.platform.inbox.Inbox;
import io.soa.platform.outbox.Outbox;
import io.soa.platform.types.Address;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Mirrors the model registry's events into the catalog: tokenization, owner changes, per-call
 * prices and metadata. Each event applies once (inbox); what it changed is recorded, so its
 * retraction ({@code removed=true}, published newest first after a reorg) restores exactly the
 * fields it found. Events about tokens this catalog does not hold are recorded and ignored.
 */
@ApplicationScoped
public class ChainMirror {
  private static final Logger LOG = Logger.getLogger(ChainMirror.class);

  private final ModelRepository models;
  private final ModelService service;
  private final Inbox inbox;
  private final Outbox outbox;
  private final ObjectMapper json;
  private final io.soa.platform.chain.ChainContracts chain;

  public ChainMirror(
      ModelRepository models,
      ModelService service,
      Inbox inbox,
      Outbox outbox,
      ObjectMapper json,
      io.soa.platform.chain.ChainContracts chain) {
    this.chain = chain;
    this.models = models;
    this.service = service;
    this.inbox = inbox;
    this.outbox = outbox;
    this.json = json;
  }

  /** The registry events the catalog mirrors; others on the topic are skipped. */
  public static boolean mirrors(String type) {
    return type.equals(io.soa.events.chain.ModelTokenized.TYPE)
        || type.equals(ModelTransferred.TYPE)
        || type.equals(UsagePriceSet.TYPE)
        || type.equals(ModelMetadataUpdated.TYPE);
  }

  @WithTransaction
  public Uni<Void> apply(String eventId, ChainEvent e) {
    if (!chain.isOurs(e)) {
      // another chain's, or a record from any contract but the registry: nothing to mirror
      LOG.debugf(
          "chain event %s is of chain %d, contract %s: not ours",
          eventId, e.chainId(), e.contract());
      return Uni.createFrom().voidItem();
    }
    // the model token's lock first, before any model row is touched, as the market mirror does
    return Panache.getSession()
        .flatMap(s -> MarketKeys.lock(s, e))
        .flatMap(x -> inbox.firstDelivery(eventId, EventTypes.of(e).type()))
        .flatMap(
            first -> {
              if (!first) {
                return Uni.createFrom().voidItem(); // redelivery: already applied
              }
              if (e.removed()) {
                return undo(ChainEffects.retracted(eventId), eventId, e);
              }
              return switch (e) {
                case io.soa.events.chain.ModelTokenized t ->
                    models
                        .findByCatalogId(t.catalogId().toLowerCase(Locale.ROOT))
                        .flatMap(m -> m == null ? ignored(eventId, e) : tokenizedBy(eventId, m, t));
                case ModelTransferred t ->
                    byToken(e, t.tokenId())
                        .flatMap(m -> m == null ? ignored(eventId, e) : transferred(eventId, m, t));
                case UsagePriceSet p ->
                    byToken(e, p.modelId())
                        .flatMap(m -> m == null ? ignored(eventId, e) : priced(eventId, m, p));
                case ModelMetadataUpdated u ->
                    byToken(e, u.modelId())
                        .flatMap(m -> m == null ? ignored(eventId, e) : metadata(eventId, m, u));
                default -> Uni.createFrom().voidItem();
              };
            });
  }

  private Uni<Model> byToken(ChainEvent e, String tokenId) {
    return models.findByToken(
        e.chainId(), Address.of(e.contract()).value(), new BigInteger(tokenId));
  }

  private Uni<Void> ignored(String eventId, ChainEvent e) {
    LOG.debugf(
        "chain event %s (%s) concerns no model of this catalog; ignored",
        eventId, EventTypes.of(e).type());
    return Uni.createFrom().voidItem();
  }

  /**
   * A catalog id is public and the registry lets anyone mint a token for it under their own address
   * (DESIGN §3): only the registered developer's token is the model's.
   */
  private Uni<Void> tokenizedBy(String eventId, Model m, io.soa.events.chain.ModelTokenized e) {
    String minter = Address.of(e.owner()).value();
    if (!minter.equals(m.developer)) {
      LOG.warnf(
          "ignored token %s of model %s (%s): minted by %s, not by its developer %s",
          e.modelId(), m.id, eventId, minter, m.developer);
      return Uni.createFrom().voidItem();
    }
    if (m.tokenId != null) {
      LOG.warnf(
          "ignored token %s of model %s (%s): the model is already token %s",
          e.modelId(), m.id, eventId, m.tokenId);
      return Uni.createFrom().voidItem();
    }
    return tokenized(eventId, m, e);
  }

  private Uni<Void> tokenized(String eventId, Model m, io.soa.events.chain.ModelTokenized e) {
    ModelSnapshot before = ModelSnapshot.of(m);
    m.tokenChainId = e.chainId();
    m.tokenContract = Address.of(e.contract()).value();
    m.tokenId = new BigInteger(e.modelId());
    m.tokenOwner = Address.of(e.owner()).value();
    m.tokenTxHash = e.txHash().toLowerCase(Locale.ROOT);
    m.tokenBlock = e.blockNumber();
    m.tokenMetadataUri = e.metadataUri();
    m.chainArtifactDigest = e.artifactDigest().toLowerCase(Locale.ROOT);
    return record(eventId, m, "tokenized", before)
        .call(ChainMirror::marketColumns)
        .call(
            x ->
                outbox.add(
                    Outbox.derivedId(eventId, ModelTokenized.TYPE),
                    new ModelTokenized(
                        m.id.toString(),
                        e.chainId(),
                        m.tokenContract,
                        e.modelId(),
                        m.tokenOwner,
                        m.tokenTxHash,
                        e.blockNumber())))
        .replaceWithVoid();
  }

  private Uni<Void> transferred(String eventId, Model m, ModelTransferred e) {
    ModelSnapshot before = ModelSnapshot.of(m);
    String to = Address.of(e.to()).value();
    if (to.equals(m.tokenOwner)) {
      return Uni.createFrom().voidItem(); // the mint's transfer, already seen as tokenization
    }
    m.tokenOwner = to;
    return record(eventId, m, "transferred", before)
        .call(ChainMirror::marketColumns)
        .call(
            x ->
                outbox.add(
                    Outbox.derivedId(eventId, ModelOwnerChanged.TYPE),
                    new ModelOwnerChanged(
                        m.id.toString(),
                        e.chainId(),
                        e.tokenId(),
                        before.tokenOwner(),
                        to,
                        e.txHash(),
                        e.blockNumber(),
                        false)))
        .replaceWithVoid();
  }

  private Uni<Void> priced(String eventId, Model m, UsagePriceSet e) {
    ModelSnapshot before = ModelSnapshot.of(m);
    String feature = e.feature().toLowerCase(Locale.ROOT);
    String previous = UsagePrice.priceOf(m.usagePrices, feature);
    List<UsagePrice> prices = new ArrayList<>(m.usagePrices);
    prices.removeIf(p -> p.feature().equals(feature));
    if (new BigInteger(e.pricePerCall()).signum() > 0) {
      prices.add(
          new UsagePrice(
              feature, m.featureIdOf(feature), e.pricePerCall(), e.txHash(), e.blockNumber()));
    }
    m.usagePrices = prices;
    return record(eventId, m, "priced", before)
        .call(
            x ->
                outbox.add(
                    Outbox.derivedId(eventId, UsagePriceChanged.TYPE),
                    new UsagePriceChanged(
                        m.id.toString(),
                        e.chainId(),
                        feature,
                        m.featureIdOf(feature),
                        previous,
                        e.pricePerCall(),
                        e.txHash(),
                        e.blockNumber(),
                        false)))
        .replaceWithVoid();
  }

  private Uni<Void> metadata(String eventId, Model m, ModelMetadataUpdated e) {
    ModelSnapshot before = ModelSnapshot.of(m);
    boolean wasFlagged = m.digestMismatch;
    m.tokenMetadataUri = e.metadataUri();
    m.chainArtifactDigest = e.artifactDigest().toLowerCase(Locale.ROOT);
    return record(eventId, m, "metadata", before)
        .call(
            x ->
                updated(
                    eventId, m, wasFlagged, List.of("token.metadataUri", "token.artifactDigest")))
        .replaceWithVoid();
  }

  /** Restores what {@code originalId} changed, if it changed anything here. */
  private Uni<Void> undo(String originalId, String eventId, ChainEvent e) {
    return Panache.getSession()
        .flatMap(s -> ChainEffects.take(s, originalId))
        .flatMap(
            found -> {
              if (found.isEmpty()) {
                return Uni.createFrom().voidItem(); // the original was ignored or never applied
              }
              ChainEffects.Effect effect = found.get();
              return models
                  .findById(java.util.UUID.fromString(effect.key()))
                  .flatMap(
                      m -> {
                        ModelSnapshot now = ModelSnapshot.of(m);
                        boolean wasFlagged = m.digestMismatch;
                        ModelSnapshot before;
                        try {
                          before = json.readValue(effect.before(), ModelSnapshot.class);
                        } catch (JsonProcessingException ex) {
                          throw new IllegalStateException("unreadable effect of " + originalId, ex);
                        }
                        before.restore(m);
                        service.touch(m, ModelService.now());
                        LOG.infof(
                            "retracted %s: model %s restored as it was before it",
                            originalId, m.id);
                        Uni<?> event =
                            switch (e) {
                              case ModelTransferred t ->
                                  outbox.add(
                                      Outbox.derivedId(eventId, ModelOwnerChanged.TYPE),
                                      new ModelOwnerChanged(
                                          m.id.toString(),
                                          t.chainId(),
                                          t.tokenId(),
                                          now.tokenOwner(),
                                          m.tokenOwner,
                                          t.txHash(),
                                          t.blockNumber(),
                                          true));
                              case UsagePriceSet p -> {
                                String feature = p.feature().toLowerCase(Locale.ROOT);
                                yield outbox.add(
                                    Outbox.derivedId(eventId, UsagePriceChanged.TYPE),
                                    new UsagePriceChanged(
                                        m.id.toString(),
                                        p.chainId(),
                                        feature,
                                        m.featureIdOf(feature),
                                        UsagePrice.priceOf(now.usagePrices(), feature),
                                        UsagePrice.priceOf(m.usagePrices, feature),
                                        p.txHash(),
                                        p.blockNumber(),
                                        true));
                              }
                              case io.soa.events.chain.ModelTokenized t ->
                                  updated(eventId, m, wasFlagged, List.of("state", "token"));
                              default ->
                                  updated(
                                      eventId,
                                      m,
                                      wasFlagged,
                                      List.of("token.metadataUri", "token.artifactDigest"));
                            };
                        return event.call(x -> marketColumns(m)).replaceWithVoid();
                      });
            });
  }

  /** The model's market columns follow its token and owner ({@link MarketColumns}). */
  private static Uni<Void> marketColumns(Model m) {
    return Panache.getSession().flatMap(s -> MarketColumns.refresh(s, m.id));
  }

  private Uni<Model> record(String eventId, Model m, String kind, ModelSnapshot before) {
    service.touch(m, ModelService.now());
    String snapshot;
    try {
      snapshot = json.writeValueAsString(before);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
    return Panache.getSession()
        .flatMap(s -> ChainEffects.record(s, eventId, kind, m.id.toString(), snapshot))
        .replaceWith(m);
  }

  private Uni<?> updated(String eventId, Model m, boolean wasFlagged, List<String> changed) {
    List<String> fields = new ArrayList<>(changed);
    if (wasFlagged != m.digestMismatch) {
      fields.add("digestMismatch");
    }
    return outbox.add(
        Outbox.derivedId(eventId, ModelUpdated.TYPE),
        new ModelUpdated(
            m.id.toString(),
            m.version + 1,
            fields,
            m.name,
            m.slug,
            m.state.wire(),
            m.digestMismatch,
            m.features.stream().map(io.soa.catalog.domain.Feature::id).toList(),
            m.endpointUrl,
            m.updatedAt.toString()));
  }
}
