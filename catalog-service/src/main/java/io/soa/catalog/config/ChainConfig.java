package io.soa.catalog.config;

import io.soa.platform.types.Address;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The chain and contracts whose market the catalog shows (SOA_CHAIN_* in the environment; ./soa up
 * passes what it deployed). Market and licence events of another chain or contract are ignored.
 */
@ApplicationScoped
public class ChainConfig {
  private final long chainId;
  private final String modelRegistry;
  private final String licenseToken;
  private final String marketplace;

  public ChainConfig(
      @ConfigProperty(name = "soa.chain.chain-id") long chainId,
      @ConfigProperty(name = "soa.chain.contracts.model-registry") String modelRegistry,
      @ConfigProperty(name = "soa.chain.contracts.license-token") String licenseToken,
      @ConfigProperty(name = "soa.chain.contracts.marketplace") String marketplace) {
    this.chainId = chainId;
    this.modelRegistry = Address.of(modelRegistry).value();
    this.licenseToken = Address.of(licenseToken).value();
    this.marketplace = Address.of(marketplace).value();
  }

  public long chainId() {
    return chainId;
  }

  /** ModelRegistry's address, lower-case: the collection of model tokens. */
  public String modelRegistry() {
    return modelRegistry;
  }

  /** LicenseToken's address, lower-case: the collection of licence tokens and their tiers. */
  public String licenseToken() {
    return licenseToken;
  }

  /** Marketplace's address, lower-case. */
  public String marketplace() {
    return marketplace;
  }
}
