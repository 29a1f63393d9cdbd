package io.soa.verifier;

import java.security.PublicKey;
import java.util.Optional;

/** Where a verifier finds the gateway's public key by its key id. */
@FunctionalInterface
public interface KeySource {
  Optional<PublicKey> key(String keyId);
}
