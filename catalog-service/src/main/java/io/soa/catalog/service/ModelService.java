package io.soa.catalog.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.soa.catalog.domain.Feature;
import io.soa.catalog.domain.Model;
import io.soa.catalog.domain.ModelVersion;
import io.soa.catalog.domain.SemVer;
import io.soa.catalog.repository.ModelRepository;
import io.soa.catalog.repository.ModelVersionRepository;
import io.soa.catalog.rest.ModelRequest;
import io.soa.catalog.rest.ModelView;
import io.soa.events.catalog.ModelDelisted;
import io.soa.events.catalog.ModelRegistered;
import io.soa.events.catalog.ModelRelisted;
import io.soa.events.catalog.ModelUpdated;
import io.soa.events.catalog.ModelVersionPublished;
import io.soa.platform.net.EndpointPolicy;
import io.soa.platform.outbox.Outbox;
import io.soa.platform.problem.CleanText;
import io.soa.platform.problem.Problem;
import io.soa.platform.problem.ProblemException;
import io.soa.platform.types.Address;
import io.soa.platform.types.Bytes32;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.text.Normalizer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes to the catalog from its API: register, merge-patch, delist/relist, deprecate, publish
 * versions. Each write checks who may make it, bumps the model's version (its ETag), rebuilds its
 * document and queues its event in the same transaction.
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
      @ConfigProperty(name = "soa.catalog.endpoints.allow-local", defaultValue = "false")
          boolean allowLocalEndpoints) {
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
    fill(m, r, endpoints);
    boolean explicitSlug = r.slug() != null;
    if (!explicitSlug) {
      m.slug = slugOf(r.name());
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
                        now.toString())));
  }

  /**
   * Applies an RFC 7396 JSON merge patch to the model's description, when {@code ifMatch} is its
   * current version and {@code caller} may write it.
   */
  @WithTransaction
  public Uni<Model> patch(UUID id, long ifMatch, JsonNode patch, String caller) {
    if (!(patch instanceof ObjectNode p)) {
      throw ProblemException.invalid("$", "a merge patch must be a JSON object");
    }
    if (p.has("developer")) {
      throw ProblemException.invalid("developer", "cannot be changed");
    }
    for (String required : List.of("name", "slug")) {
      if (p.has(required) && p.get(required).isNull()) {
        throw ProblemException.invalid(required, "cannot be removed");
      }
    }
    return writable(id, caller, ifMatch)
        .flatMap(
            m -> {
              ObjectNode before = json.valueToTree(requestOf(m));
              ObjectNode merged = mergePatch(before.deepCopy(), p);
              ModelRequest r;
              try {
                r = json.treeToValue(merged, ModelRequest.class);
              } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
                throw ProblemException.invalidJson(e); // a wrong type, or an unknown nested field
              } catch (JsonProcessingException e) {
                throw new IllegalStateException(e); // never: the tree is already parsed
              }
              CleanText.requireFields(r);
              var violations = validator.validate(r);
              if (!violations.isEmpty()) {
                throw new ConstraintViolationException(violations);
              }
              List<String> changed = new ArrayList<>();
              for (String f : FIELDS) {
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
                    fill(m, r, endpoints);
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

  /**
   * Publishes an immutable version; it must rank above every version before it (semantic versioning
   * precedence), and becomes the model's latest.
   */
  @WithTransaction
  public Uni<ModelVersion> publishVersion(UUID id, ModelRequest.VersionRequest r, String caller) {
    CleanText.requireFields(r);
    SemVer next = SemVer.parse(r.version());
    return writable(id, caller, null)
        .flatMap(
            m -> {
              if (m.latestVersion != null && next.compareTo(SemVer.parse(m.latestVersion)) <= 0) {
                throw new ProblemException(
                    Problem.of(
                        409,
                        "version-not-newer",
                        "Version not newer",
                        "version "
                            + r.version()
                            + " does not rank above the latest version "
                            + m.latestVersion
                            + "; published versions are immutable",
                        List.of(
                            new Problem.FieldError(
                                "version", "must be above " + m.latestVersion))));
              }
              OffsetDateTime now = now();
              ModelVersion v = new ModelVersion();
              v.id = UUID.randomUUID();
              v.modelId = m.id;
              v.version = r.version();
              v.artifactUri = r.artifactUri();
              String hex = r.sha256().toLowerCase(Locale.ROOT);
              v.sha256 = hex.startsWith("0x") ? hex : "0x" + hex;
              v.sizeBytes = r.sizeBytes();
              v.releaseNotes = r.releaseNotes();
              v.publishedBy = caller;
              v.publishedAt = now;
              m.latestVersion = v.version;
              m.latestVersionAt = now;
              m.latestVersionDigest = v.sha256;
              touch(m, now);
              return versions
                  .persist(v)
                  .call(
                      x ->
                          outbox.add(
                              Outbox.derivedId(
                                  m.id.toString(), ModelVersionPublished.TYPE, v.version),
                              new ModelVersionPublished(
                                  m.id.toString(),
                                  v.version,
                                  v.artifactUri,
                                  v.sha256,
                                  v.sizeBytes,
                                  now.toString())));
            });
  }

  @WithSession
  public Uni<Model> find(UUID id) {
    return models.findById(id);
  }

  /** One published version; 404 problems name the model or the version that is missing. */
  @WithSession
  public Uni<ModelVersion> version(UUID id, String version) {
    return models
        .findById(id)
        .flatMap(
            m -> {
              if (m == null) {
                throw ProblemException.notFound("model", id);
              }
              return versions.find(id, version);
            })
        .map(
            v -> {
              if (v == null) {
                throw ProblemException.notFound("version", version);
              }
              return v;
            });
  }

  @WithSession
  public Uni<List<ModelVersion>> versions(UUID id) {
    return models
        .findById(id)
        .flatMap(
            m -> {
              if (m == null) {
                throw ProblemException.notFound("model", id);
              }
              return versions.ofModel(id);
            });
  }

  // ------------------------------------------------------------------ helpers

  /**
   * The model, if it exists, {@code caller} may write it and {@code ifMatch} (when given) is
   * current.
   */
  private Uni<Model> writable(UUID id, String caller, Long ifMatch) {
    return models
        .findById(id)
        .map(
            m -> {
              if (m == null) {
                throw ProblemException.notFound("model", id);
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
                throw new ProblemException(
                    412,
                    "stale-etag",
                    "Precondition failed",
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

  private static void fill(Model m, ModelRequest r, EndpointPolicy endpoints) {
    if (r.endpointUrl() != null) {
      endpoints
          .check(r.endpointUrl())
          .ifPresent(
              why -> {
                throw ProblemException.invalid("endpointUrl", why);
              });
    }
    List<Feature> features =
        r.features() == null
            ? List.of()
            : r.features().stream()
                .map(
                    f ->
                        new Feature(
                            f.id(),
                            f.description(),
                            f.inputContentTypes() == null ? List.of() : f.inputContentTypes(),
                            f.outputContentTypes() == null ? List.of() : f.outputContentTypes()))
                .toList();
    var seen = new HashSet<String>();
    for (int i = 0; i < features.size(); i++) {
      if (!seen.add(features.get(i).id())) {
        throw ProblemException.invalid(
            "features[" + i + "].id", "duplicate feature id " + features.get(i).id());
      }
    }
    m.name = r.name().strip();
    if (r.slug() != null) {
      m.slug = r.slug();
    }
    m.summary = r.summary();
    m.description = r.description();
    m.task = r.task();
    m.framework = r.framework();
    m.modality = r.modality();
    m.tags =
        r.tags() == null
            ? List.of()
            : r.tags().stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).distinct().toList();
    m.licenseSummary = r.licenseSummary();
    m.features = features;
    m.endpointUrl = r.endpointUrl();
    m.artifactDigest =
        r.artifactDigest() == null ? null : r.artifactDigest().toLowerCase(Locale.ROOT);
  }

  /** The model's description as a request, to merge a patch into. */
  private static ModelRequest requestOf(Model m) {
    return new ModelRequest(
        m.name,
        m.slug,
        m.summary,
        m.description,
        m.task,
        m.framework,
        m.modality,
        m.tags,
        m.licenseSummary,
        m.features.stream()
            .map(
                f ->
                    new ModelRequest.FeatureRequest(
                        f.id(), f.description(), f.inputContentTypes(), f.outputContentTypes()))
            .toList(),
        m.endpointUrl,
        m.artifactDigest,
        null);
  }

  /** RFC 7396: null removes, objects merge recursively, anything else replaces. */
  static ObjectNode mergePatch(ObjectNode target, ObjectNode patch) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.properties().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!FIELDS.contains(e.getKey())) {
        throw new ProblemException(
            Problem.of(
                400,
                "invalid-request",
                "Invalid request",
                "unknown field " + e.getKey(),
                List.of(new Problem.FieldError(e.getKey(), "unknown field"))));
      }
      JsonNode v = e.getValue();
      if (v.isNull()) {
        target.remove(e.getKey());
      } else if (v.isObject() && target.get(e.getKey()) instanceof ObjectNode t) {
        mergePatch(t, (ObjectNode) v);
      } else {
        target.set(e.getKey(), v);
      }
    }
    return target;
  }

  /** The fields of a model's description, in their declared order. */
  private static final List<String> FIELDS =
      java.util.Arrays.stream(ModelRequest.class.getRecordComponents())
          .map(c -> c.getName())
          .toList();

  /** "Sentiment Classifier v2" becomes "sentiment-classifier-v2". */
  static String slugOf(String name) {
    String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
    String slug =
        ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (slug.length() > 55) {
      slug = slug.substring(0, 55).replaceAll("-+$", "");
    }
    return slug.isEmpty() ? "model" : slug;
  }

  private static ProblemException slugTaken(String slug) {
    return new ProblemException(
        Problem.of(
            409,
            "slug-taken",
            "Slug taken",
            "another model already uses the slug " + slug,
            List.of(new Problem.FieldError("slug", "already used by another model"))));
  }

  static ProblemException forbidden(String detail) {
    return new ProblemException(403, "forbidden", "Forbidden", detail);
  }

  /** Microseconds, as PostgreSQL stores them, so the document equals what is read back. */
  static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }
}
