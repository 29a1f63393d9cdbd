package io.soa.model.config;

import io.quarkus.runtime.annotations.StaticInitSafe;
import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.util.Optional;

/**
 * The example model's settings ({@code soa.model.*}; SOA_MODEL_* in the environment). Read when the
 * paid-call filter is made, at static init: nothing here is a secret or changes per run.
 */
@ConfigMapping(prefix = "soa.model")
@StaticInitSafe
public interface ModelConfig {
  /** The longest text a feature takes, in characters (a longer one is a 413). */
  int maxTextChars();

  /** Where the gateway publishes its signing keys (JWKS): paid calls are checked against them. */
  Optional<URI> gatewayJwksUrl();

  /** The gateway's keys pinned here (a JWKS document) instead of fetched. */
  Optional<String> gatewayJwks();
}
