package io.soa.catalog.domain;

/** Lifecycle of a catalog model. */
public enum ModelState {
  /** Registered, not yet on-chain. */
  DRAFT,
  /** Its model token exists on-chain. */
  TOKENIZED
}
