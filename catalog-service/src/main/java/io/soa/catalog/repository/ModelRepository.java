package io.soa.catalog.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.soa.catalog.domain.Model;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.UUID;

/** Models, for writes (reads of documents and search go through {@link ModelQueries}). */
@ApplicationScoped
public class ModelRepository implements PanacheRepositoryBase<Model, UUID> {

  public Uni<Model> findByCatalogId(String catalogId) {
    return find("catalogId", catalogId).firstResult();
  }

  public Uni<Model> findBySlug(String slug) {
    return find("slug", slug).firstResult();
  }

  /** The model whose token is {@code tokenId} of {@code contract} on {@code chainId}. */
  public Uni<Model> findByToken(long chainId, String contract, BigInteger tokenId) {
    return find(
            "tokenChainId = ?1 and tokenContract = ?2 and tokenId = ?3", chainId, contract, tokenId)
        .firstResult();
  }
}
