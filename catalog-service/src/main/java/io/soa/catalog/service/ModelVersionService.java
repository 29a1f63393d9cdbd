package io.soa.catalog.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.soa.catalog.api.ModelRequest;
import io.soa.catalog.domain.ModelVersion;
import io.soa.catalog.domain.SemVer;
import io.soa.catalog.repository.ModelRepository;
import io.soa.catalog.repository.ModelVersionRepository;
import io.soa.events.catalog.ModelVersionPublished;
import io.soa.platform.error.Conflict;
import io.soa.platform.error.FieldError;
import io.soa.platform.error.NotFound;
import io.soa.platform.outbox.Outbox;
import io.soa.platform.validation.CleanText;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A model's published versions: immutable, each above the one before (semantic versioning), the
 * newest mirrored on the model. Who may publish is {@link ModelService}'s rule.
 */
@ApplicationScoped
public class ModelVersionService {
  private final ModelService models;
  private final ModelRepository modelRepository;
  private final ModelVersionRepository versions;
  private final Outbox outbox;

  public ModelVersionService(
      ModelService models,
      ModelRepository modelRepository,
      ModelVersionRepository versions,
      Outbox outbox) {
    this.models = models;
    this.modelRepository = modelRepository;
    this.versions = versions;
    this.outbox = outbox;
  }

  /**
   * Publishes an immutable version; it must rank above every version before it (semantic versioning
   * precedence), and becomes the model's latest.
   */
  @WithTransaction
  public Uni<ModelVersion> publishVersion(UUID id, ModelRequest.VersionRequest r, String caller) {
    CleanText.requireFields(r);
    SemVer next = SemVer.parse(r.version());
    return models
        .writable(id, caller, null)
        .flatMap(
            m -> {
              if (m.latestVersion != null && next.compareTo(SemVer.parse(m.latestVersion)) <= 0) {
                throw new Conflict(
                    "version-not-newer",
                    "Version not newer",
                    "version "
                        + r.version()
                        + " does not rank above the latest version "
                        + m.latestVersion
                        + "; published versions are immutable",
                    List.of(new FieldError("version", "must be above " + m.latestVersion)));
              }
              OffsetDateTime now = ModelService.now();
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
              models.touch(m, now);
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

  /** One published version; 404 problems name the model or the version that is missing. */
  @WithSession
  public Uni<ModelVersion> version(UUID id, String version) {
    return modelRepository
        .findById(id)
        .flatMap(
            m -> {
              if (m == null) {
                throw new NotFound("model", id);
              }
              return versions.find(id, version);
            })
        .map(
            v -> {
              if (v == null) {
                throw new NotFound("version", version);
              }
              return v;
            });
  }

  @WithSession
  public Uni<List<ModelVersion>> versions(UUID id) {
    return modelRepository
        .findById(id)
        .flatMap(
            m -> {
              if (m == null) {
                throw new NotFound("model", id);
              }
              return versions.ofModel(id);
            });
  }
}
