package io.soa.catalog.domain;

import java.util.Locale;

/** Lifecycle of a catalog model. */
public enum ModelState {
  /** Registered, not yet on-chain. */
  DRAFT,
  /** Its model token exists on-chain. */
  TOKENIZED,
  /** Still listed and usable, but its owner advises against new use. */
  DEPRECATED,
  /** Out of search; readable by id; relisting returns it to its previous state. */
  DELISTED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ModelState fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
