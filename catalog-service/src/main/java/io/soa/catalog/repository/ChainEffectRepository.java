package io.soa.catalog.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.soa.catalog.domain.ChainEffect;
import jakarta.enterprise.context.ApplicationScoped;

/** What applied chain events changed, by event id. */
@ApplicationScoped
public class ChainEffectRepository implements PanacheRepositoryBase<ChainEffect, String> {}
