package io.soa.licensing.config;

import io.soa.platform.types.Address;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The chain and contracts whose events grant entitlements here (SOA_CHAIN_* in the environment;
 * ./soa up passes what it deployed). Events of another chain or contract are ignored.
 */
@ApplicationScoped
public class ChainConfig {
  private final long chainId;
  private final String licenseToken;
  private final String modelRegistry;
  private final String usageEscrow;
  private final String marketplace;

  public ChainConfig(
      @ConfigProperty(name = "soa.chain.chain-id") long chainId,
      @ConfigProperty(name = "soa.chain.contracts.license-token") String licenseToken,
      @ConfigProperty(name = "soa.chain.contracts.model-registry") String modelRegistry,
      @ConfigProperty(name = "soa.chain.contracts.usage-escrow") String usageEscrow,
      @ConfigProperty(name = "soa.chain.contracts.marketplace") String marketplace) {
    this.marketplace = Address.of(marketplace).value();
    this.chainId = chainId;
    this.licenseToken = Address.of(licenseToken).value();
    this.modelRegistry = Address.of(modelRegistry).value();
    this.usageEscrow = Address.of(usageEscrow).value();
  }

  public long chainId() {
    return chainId;
  }

  /** LicenseToken's address, lower-case. */
  public String licenseToken() {
    return licenseToken;
  }

  /** ModelRegistry's address, lower-case. */
  public String modelRegistry() {
    return modelRegistry;
  }

  /** Marketplace's address, lower-case: a licence listed there is frozen. */
  public String marketplace() {
    return marketplace;
  }

  /** UsageEscrow's address, lower-case: where pay-per-use channels are opened. */
  public String usageEscrow() {
    return usageEscrow;
  }
}
