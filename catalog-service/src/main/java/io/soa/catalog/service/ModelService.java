package io.soa.catalog.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.soa.catalog.domain.Feature;
import io.soa.catalog.domain.Model;
import io.soa.catalog.domain.ModelState;
import io.soa.catalog.repository.ModelRepository;
import io.soa.catalog.rest.RegisterModelRequest;
import io.soa.events.catalog.ModelRegistered;
import io.soa.events.catalog.ModelTokenized;
import io.soa.platform.inbox.Inbox;
import io.soa.platform.outbox.Outbox;
import io.soa.platform.problem.ProblemException;
import io.soa.platform.types.Address;
import io.soa.platform.types.Bytes32;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Registers models and mirrors their tokenization from the chain. */
@ApplicationScoped
public class ModelService {
  private static final Logger LOG = Logger.getLogger(ModelService.class);

  private final ModelRepository models;
  private final Outbox outbox;
  private final Inbox inbox;

  public ModelService(ModelRepository models, Outbox outbox, Inbox inbox) {
    this.models = models;
    this.outbox = outbox;
    this.inbox = inbox;
  }

  @WithTransaction
  public Uni<Model> register(RegisterModelRequest r) {
    List<Feature> features = r.features() == null ? List.of()
        : r.features().stream().map(f -> new Feature(f.id(), f.description())).toList();
    var seen = new HashSet<String>();
    for (int i = 0; i < features.size(); i++) {
      if (!seen.add(features.get(i).id())) {
        throw ProblemException.invalid("features[" + i + "].id",
            "duplicate feature id " + features.get(i).id());
      }
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    Model m = new Model();
    m.id = UUID.randomUUID();
    m.catalogId = Bytes32.fromUuid(m.id);
    m.name = r.name().strip();
    m.description = r.description();
    m.task = r.task();
    m.framework = r.framework();
    m.tags = r.tags() == null ? List.of() : List.copyOf(r.tags());
    m.features = features;
    m.endpointUrl = r.endpointUrl();
    m.artifactDigest = r.artifactDigest() == null ? null
        : r.artifactDigest().toLowerCase(Locale.ROOT);
    m.developer = Address.of(r.developer()).value();
    m.state = ModelState.DRAFT;
    m.createdAt = now;
    m.updatedAt = now;
    return models.persist(m)
        .call(saved -> outbox.add(new ModelRegistered(m.id.toString(), m.catalogId, m.name,
            m.task, m.framework, m.tags, features.stream().map(Feature::id).toList(),
            m.developer, m.artifactDigest, now.toString())));
  }

  @WithSession
  public Uni<Model> find(UUID id) {
    return models.findById(id);
  }

  /**
   * Applies a chain {@code ModelTokenized} log once: marks the model tokenized and emits the
   * catalog's {@code ModelTokenized}; its retraction ({@code removed}) undoes exactly that.
   * Logs for catalog ids this catalog does not hold are recorded and ignored.
   */
  @WithTransaction
  public Uni<Void> applyTokenized(String eventId, io.soa.events.chain.ModelTokenized e) {
    return inbox.firstDelivery(eventId, io.soa.events.chain.ModelTokenized.TYPE)
        .flatMap(first -> {
          if (!first) {
            LOG.debugf("event %s already applied", eventId);
            return Uni.createFrom().voidItem();
          }
          return models.findByCatalogId(e.catalogId().toLowerCase(Locale.ROOT))
              .flatMap(m -> m == null ? ignoreUnknown(eventId, e) : apply(eventId, m, e));
        });
  }

  private Uni<Void> ignoreUnknown(String eventId, io.soa.events.chain.ModelTokenized e) {
    LOG.infof("chain event %s tokenizes catalog id %s, which this catalog does not hold; ignored",
        eventId, e.catalogId());
    return Uni.createFrom().voidItem();
  }

  private Uni<Void> apply(String eventId, Model m, io.soa.events.chain.ModelTokenized e) {
    if (e.removed()) {
      // The block that minted the token left the canonical chain: back to draft.
      if (e.txHash().equalsIgnoreCase(m.tokenTxHash)) {
        clearToken(m);
      }
      return Uni.createFrom().voidItem();
    }
    m.state = ModelState.TOKENIZED;
    m.tokenChainId = e.chainId();
    m.tokenContract = Address.of(e.contract()).value();
    m.tokenId = new BigInteger(e.modelId());
    m.tokenOwner = Address.of(e.owner()).value();
    m.tokenTxHash = e.txHash().toLowerCase(Locale.ROOT);
    m.tokenBlock = e.blockNumber();
    m.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
    return outbox.add(Outbox.derivedId(eventId, ModelTokenized.TYPE),
        new ModelTokenized(m.id.toString(), e.chainId(), m.tokenContract, e.modelId(),
            m.tokenOwner, m.tokenTxHash, e.blockNumber()))
        .replaceWithVoid();
  }

  private static void clearToken(Model m) {
    m.state = ModelState.DRAFT;
    m.tokenChainId = null;
    m.tokenContract = null;
    m.tokenId = null;
    m.tokenOwner = null;
    m.tokenTxHash = null;
    m.tokenBlock = null;
    m.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
  }
}
