package io.soa.catalog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** catalog-service's own settings ({@code soa.catalog.*}); the chain's are {@code soa.chain.*}. */
@ConfigMapping(prefix = "soa.catalog")
public interface CatalogSettings {
  /** The catalog's public base URL, in token metadata and links. */
  String publicUrl();

  /** Terms documents. */
  Terms terms();

  /** Model endpoints. */
  Endpoints endpoints();

  interface Terms {
    /** The largest terms document accepted, in bytes. */
    int maxBytes();
  }

  interface Endpoints {
    /** Whether an endpoint may be on a local or private address (local stacks only). */
    @WithDefault("false")
    boolean allowLocal();
  }
}
