package io.soa.payment.config;

import io.soa.contracts.Vouchers;
import io.soa.platform.types.Address;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The chain and escrow the service's vouchers are bound to, and its safety margins. */
@ApplicationScoped
public class PaymentConfig {
  private final long chainId;
  private final String escrow;
  private final String registry;
  private final Duration expiryMargin;
  private final Vouchers.Domain domain;

  public PaymentConfig(
      @ConfigProperty(name = "soa.chain.chain-id") long chainId,
      @ConfigProperty(name = "soa.chain.contracts.usage-escrow") String escrow,
      @ConfigProperty(name = "soa.chain.contracts.model-registry") String registry,
      @ConfigProperty(name = "soa.payment.expiry-margin") Duration expiryMargin) {
    this.chainId = chainId;
    this.escrow = Address.of(escrow).value();
    this.registry = Address.of(registry).value();
    this.expiryMargin = expiryMargin;
    this.domain = new Vouchers.Domain(chainId, this.escrow); // the separator, hashed once
  }

  public long chainId() {
    return chainId;
  }

  /** The UsageEscrow's address, lower-case. */
  public String escrow() {
    return escrow;
  }

  /** The ModelRegistry's address, lower-case: prices and owners come from it alone. */
  public String registry() {
    return registry;
  }

  /** No charge on a channel that expires sooner than this: settlement needs the time. */
  public Duration expiryMargin() {
    return expiryMargin;
  }

  /** The EIP-712 domain of this chain's escrow. */
  public Vouchers.Domain domain() {
    return domain;
  }
}
