package io.soa.catalog.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.soa.catalog.domain.Model;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Queries over catalog models. */
@ApplicationScoped
public class ModelRepository implements PanacheRepositoryBase<Model, UUID> {

  public Uni<Model> findByCatalogId(String catalogId) {
    return find("catalogId", catalogId).firstResult();
  }
}
