package io.soa.catalog.domain;

/** A functionality a model offers; its id is what pay-per-use prices are set for on-chain. */
public record Feature(String id, String description) {}
