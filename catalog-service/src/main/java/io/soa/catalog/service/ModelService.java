package io.soa.catalog.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.soa.catalog.api.ModelRequest;
import io.soa.catalog.api.ModelView;
import io.soa.catalog.config.CatalogSettings;
import io.soa.catalog.domain.Feature;
import io.soa.catalog.domain.Model;
import io.soa.catalog.repository.ModelRepository;
import io.soa.catalog.repository.ModelVersionRepository;
import io.soa.events.catalog.ModelDelisted;
import io.soa.events.catalog.ModelRegistered;
import io.soa.events.catalog.ModelRelisted;
import io.soa.events.catalog.ModelUpdated;
import io.soa.platform.error.Conflict;
import io.soa.platform.error.FieldError;
import io.soa.platform.error.Forbidden;
import io.soa.platform.error.Invalid;
import io.soa.platform.error.NotFound;
import io.soa.platform.error.StaleVersion;
import io.soa.platform.net.EndpointPolicy;
import io.soa.platform.outbox.Outbox;
import io.soa.platform.types.Address;
import io.soa.platform.types.Bytes32;
import io.soa.platform.validation.CleanText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes to the catalog from its API: register, merge-patch, delist/relist, deprecate (versions:
 * {@link ModelVersionService}; the description's mapping: {@link ModelDescription}). Each write
 * checks who may make it, bumps the model's version (its ETag), rebuilds its document and queues
 * its event in the same transaction.
 */
@ApplicationScoped
public class ModelService {
  private final ModelRepository models;
  private final ModelVersionRepository versions;
  private final Outbox outbox;
  private final ObjectMapper json;
  private final Validator validator;
  private final EndpointPolicy endpoints;

  public ModelService(
      ModelRepository models,
      ModelVersionRepository versions,
      Outbox outbox,
      ObjectMapper json,
      Validator validator,
      CatalogSettings settings) {
    boolean allowLocalEndpoints = settings.endpoints().allowLocal();
    this.models = models;
    this.versions = versions;
    this.outbox = outbox;
    this.json = json;
    this.validator = validator;
    this.endpoints = new EndpointPolicy(allowLocalEndpoints);
  }

  @WithTransaction
  public Uni<Model> register(ModelRequest r, String caller) {
    CleanText.requireFields(r);
    String developer = r.developer() == null ? caller : Address.of(r.developer()).value();
    if (!developer.equals(caller)) {
      throw forbidden(
          "a model can only be registered by its developer: the token's subject "
              + caller
              + " is not "
              + developer);
    }
    OffsetDateTime now = now();
    Model m = new Model();
    m.id = UUID.randomUUID();
    m.catalogId = Bytes32.fromUuid(m.id);
    m.developer = developer;
    m.usagePrices = List.of();
    m.createdAt = now;
    ModelDescription.fill(m, r, endpoints);
    boolean explicitSlug = r.slug() != null;
    if (!explicitSlug) {
      m.slug = ModelDescription.slugOf(r.name());
    }
    return models
        .findBySlug(m.slug)
        .flatMap(
            taken -> {
              if (taken != null) {
                if (explicitSlug) {
                  throw slugTaken(m.slug);
                }
                m.slug =
                    (m.slug.length() > 55 ? m.slug.substring(0, 55) : m.slug)
                        + "-"
                        + m.id
                            .toString()
                            .substring(0, 8); // derived slugs never collide on the id part
              }
              touch(m, now);
              return models.persist(m);
            })
        .call(
            saved ->
                outbox.add(
                    Outbox.derivedId(m.id.toString(), ModelRegistered.TYPE),
                    new ModelRegistered(
                        m.id.toString(),
                        m.catalogId,
                        m.name,
                        m.slug,
                        m.summary,
                        m.task,
                        m.framework,
                        m.tags,
                        m.features.stream().map(Feature::id).toList(),
                        m.developer,
                        m.artifactDigest,
                        m.endpointUrl,
                        now.toString())));
  }

  /**
   * Applies an RFC 7396 JSON merge patch to the model's description, when {@code ifMatch} is its
   * current version and {@code caller} may write it.
   */
  @WithTransaction
  public Uni<Model> patch(UUID id, long ifMatch, JsonNode patch, String caller) {
    if (!(patch instanceof ObjectNode p)) {
      throw Invalid.field("$", "a merge patch must be a JSON object");
    }
    if (p.has("developer")) {
      throw Invalid.field("developer", "cannot be changed");
    }
    for (String required : List.of("name", "slug")) {
      if (p.has(required) && p.get(required).isNull()) {
        throw Invalid.field(required, "cannot be removed");
      }
    }
    return writable(id, caller, ifMatch)
        .flatMap(
            m -> {
              ObjectNode before = json.valueToTree(ModelDescription.requestOf(m));
              ObjectNode merged = ModelDescription.mergePatch(before.deepCopy(), p);
              ModelRequest r;
              try {
                r = json.treeToValue(merged, ModelRequest.class);
              } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
                throw Invalid.json(e); // a wrong type, or an unknown nested field
              } catch (JsonProcessingException e) {
                throw new IllegalStateException(e); // never: the tree is already parsed
              }
              CleanText.requireFields(r);
              var violations = validator.validate(r);
              if (!violations.isEmpty()) {
                throw new ConstraintViolationException(violations);
              }
              List<String> changed = new ArrayList<>();
              for (String f : ModelDescription.FIELDS) {
                JsonNode a = before.path(f);
                JsonNode b = merged.path(f);
                if (!(a.isMissingNode() || a.isNull()
                    ? b.isMissingNode() || b.isNull()
                    : a.equals(b))) {
                  changed.add(f);
                }
              }
              if (changed.isEmpty()) {
                return Uni.createFrom().item(m); // nothing to do: same version, no event
              }
              // Checked before the entity changes, so the query's auto-flush writes nothing yet.
              Uni<Void> slugFree =
                  r.slug().equals(m.slug)
                      ? Uni.createFrom().voidItem()
                      : models
                          .findBySlug(r.slug())
                          .map(
                              t -> {
                                if (t != null) {
                                  throw slugTaken(r.slug());
                                }
                                return null;
                              });
              return slugFree.flatMap(
                  x -> {
                    ModelDescription.fill(m, r, endpoints);
                    return updated(m, changed);
                  });
            });
  }

  /** Takes the model out of search ({@code delisted}) or puts it back. */
  @WithTransaction
  public Uni<Model> setDelisted(UUID id, boolean delisted, String caller, Long ifMatch) {
    return writable(id, caller, ifMatch)
        .flatMap(
            m -> {
              if (m.delisted == delisted) {
                return Uni.createFrom().item(m); // already so: idempotent, no event
              }
              m.delisted = delisted;
              OffsetDateTime now = now();
              touch(m, now);
              String eventId =
                  Outbox.derivedId(
                      m.id.toString(),
                      Long.toString(m.version + 1),
                      delisted ? ModelDelisted.TYPE : ModelRelisted.TYPE);
              return (delisted
                      ? outbox.add(
                          eventId, new ModelDelisted(m.id.toString(), caller, now.toString()))
                      : outbox.add(
                          eventId,
                          new ModelRelisted(
                              m.id.toString(), m.state.wire(), caller, now.toString())))
                  .replaceWith(m);
            });
  }

  /** Marks the model deprecated (or not); it stays listed. */
  @WithTransaction
  public Uni<Model> setDeprecated(UUID id, boolean deprecated, String caller, Long ifMatch) {
    return writable(id, caller, ifMatch)
        .flatMap(
            m -> {
              if (m.deprecated == deprecated) {
                return Uni.createFrom().item(m);
              }
              m.deprecated = deprecated;
              return updated(m, List.of("state"));
            });
  }

  @WithSession
  public Uni<Model> find(UUID id) {
    return models.findById(id);
  }

  // ------------------------------------------------------------------ helpers

  /**
   * The model, if it exists, {@code caller} may write it and {@code ifMatch} (when given) is
   * current.
   */
  Uni<Model> writable(UUID id, String caller, Long ifMatch) {
    return models
        .findById(id)
        .map(
            m -> {
              if (m == null) {
                throw new NotFound("model", id);
              }
              if (!m.owner.equals(caller)) {
                throw forbidden(
                    "only the model's "
                        + (m.tokenId != null ? "current token owner" : "developer")
                        + " "
                        + m.owner
                        + " may change it; the token's subject is "
                        + caller);
              }
              if (ifMatch != null && ifMatch != m.version) {
                throw new StaleVersion(
                    "If-Match \""
                        + ifMatch
                        + "\" is not the model's current ETag \""
                        + m.version
                        + "\"; read it again and re-apply your change");
              }
              return m;
            });
  }

  private Uni<Model> updated(Model m, List<String> changed) {
    OffsetDateTime now = now();
    touch(m, now);
    return outbox
        .add(
            Outbox.derivedId(m.id.toString(), Long.toString(m.version + 1), ModelUpdated.TYPE),
            new ModelUpdated(
                m.id.toString(),
                m.version + 1,
                changed,
                m.name,
                m.slug,
                m.state.wire(),
                m.digestMismatch,
                m.features.stream().map(Feature::id).toList(),
                m.endpointUrl,
                now.toString()))
        .replaceWith(m);
  }

  /** Derived fields, timestamp and document, before every write of {@code m}. */
  void touch(Model m, OffsetDateTime now) {
    m.updatedAt = now;
    m.derive();
    try {
      m.document = json.writeValueAsString(ModelView.of(m));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Conflict slugTaken(String slug) {
    return new Conflict(
        "slug-taken",
        "Slug taken",
        "another model already uses the slug " + slug,
        List.of(new FieldError("slug", "already used by another model")));
  }

  static Forbidden forbidden(String detail) {
    return new Forbidden(detail);
  }

  /** Microseconds, as PostgreSQL stores them, so the document equals what is read back. */
  static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }
}
