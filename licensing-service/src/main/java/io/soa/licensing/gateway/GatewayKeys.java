package io.soa.licensing.gateway;

import io.soa.verifier.Ed25519Keys;
import io.soa.verifier.GatewaySigner;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.jboss.logging.Logger;

/** The key the gateway signs forwarded calls with: the configured one, or one made at start. */
public class GatewayKeys {
  private static final Logger LOG = Logger.getLogger(GatewayKeys.class);

  @Produces
  @Singleton
  GatewaySigner signer(GatewayConfig config) {
    if (config.signingKeyLocation().isEmpty()) {
      LOG.warn(
          "soa.gateway.signing-key-location is not set: forwarded calls are signed with a key made"
              + " now (run one replica, or give every replica the same key)");
      return GatewaySigner.generate();
    }
    try {
      String pem = Files.readString(Path.of(config.signingKeyLocation().get()));
      PrivateKey key = Ed25519Keys.privateKeyPem(pem);
      return new GatewaySigner(key, Ed25519Keys.publicOf(key));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the gateway's signing key", e);
    }
  }
}
