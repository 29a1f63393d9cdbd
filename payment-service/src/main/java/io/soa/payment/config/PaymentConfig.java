package io.soa.payment.config;

import io.soa.contracts.Vouchers;
import io.soa.platform.chain.ChainContracts;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** The chain and escrow the service's vouchers are bound to, and its safety margins. */
@ApplicationScoped
public class PaymentConfig {
  private final ChainContracts chain;
  private final PaymentSettings settings;
  private final Vouchers.Domain domain;

  public PaymentConfig(ChainContracts chain, PaymentSettings settings) {
    this.chain = chain;
    this.settings = settings;
    this.domain = new Vouchers.Domain(chain.chainId(), chain.usageEscrow()); // hashed once
  }

  public long chainId() {
    return chain.chainId();
  }

  /** The UsageEscrow's address, lower-case. */
  public String escrow() {
    return chain.usageEscrow();
  }

  /** The deployment's chain and contracts. */
  public ChainContracts chain() {
    return chain;
  }

  /** The service's own settings. */
  public PaymentSettings settings() {
    return settings;
  }

  /** No charge on a channel that expires sooner than this: settlement needs the time. */
  public Duration expiryMargin() {
    return settings.expiryMargin();
  }

  /** The EIP-712 domain of this chain's escrow. */
  public Vouchers.Domain domain() {
    return domain;
  }
}
