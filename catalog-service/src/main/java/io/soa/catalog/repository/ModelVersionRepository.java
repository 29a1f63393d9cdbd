package io.soa.catalog.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.soa.catalog.domain.ModelVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Published versions. */
@ApplicationScoped
public class ModelVersionRepository implements PanacheRepositoryBase<ModelVersion, UUID> {

  /** A model's versions, newest first. */
  public Uni<List<ModelVersion>> ofModel(UUID modelId) {
    return list("modelId = ?1 order by publishedAt desc", modelId);
  }

  public Uni<ModelVersion> find(UUID modelId, String version) {
    return find("modelId = ?1 and version = ?2", modelId, version).firstResult();
  }
}
