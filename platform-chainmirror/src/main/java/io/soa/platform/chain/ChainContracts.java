package io.soa.platform.chain;

import io.smallrye.config.ConfigMapping;
import io.soa.events.ChainEvent;
import io.soa.events.EventTypes;
import io.soa.events.chain.ChainLogTypes;
import io.soa.platform.types.Address;
import java.util.Optional;

/**
 * The chain and contracts of this deployment ({@code soa.chain.*}; SOA_CHAIN_* in the environment,
 * which {@code ./soa up} fills with what it deployed): every service that mirrors the chain reads
 * them here, and takes an event only when {@link #isOurs} says so.
 */
@ConfigMapping(prefix = "soa.chain")
public interface ChainContracts {
  /** The chain id (EIP-155) the contracts live on. */
  long chainId();

  /** The contracts' addresses. */
  Contracts contracts();

  /** The node's JSON-RPC URL, for a service that sends transactions (payment-service). */
  Optional<String> rpcUrl();

  /** Nodes to fail over between (the indexer's); not read by the mirrors. */
  Optional<java.util.List<String>> rpcUrls();

  /** The block the contracts were deployed in (where the indexer starts). */
  java.util.OptionalLong startBlock();

  /** The deployment's contracts; a service names those it mirrors. */
  interface Contracts {
    /** ModelRegistry: model tokens, owners and per-call prices. */
    String modelRegistry();

    /** LicenseToken: tiers and licences. */
    Optional<String> licenseToken();

    /** Marketplace: listings and sales of model and licence tokens. */
    Optional<String> marketplace();

    /** UsageEscrow: pay-per-use channels. */
    Optional<String> usageEscrow();

    /** SOAToken, the $SOA ERC-20. */
    Optional<String> soaToken();

    /** ModelPayees: each model's payee address, paid out to its owner. */
    Optional<String> modelPayees();

    /** x402's batch-settlement contract (X402BatchSettlement). */
    Optional<String> x402BatchSettlement();

    /** Its ERC-3009 deposit collector. */
    Optional<String> erc3009DepositCollector();
  }

  /** ModelRegistry's address, lower-case. */
  default String modelRegistry() {
    return Address.of(contracts().modelRegistry()).value();
  }

  /** LicenseToken's address, lower-case (empty when not configured). */
  default String licenseToken() {
    return contracts().licenseToken().map(a -> Address.of(a).value()).orElse("");
  }

  /** Marketplace's address, lower-case (empty when not configured). */
  default String marketplace() {
    return contracts().marketplace().map(a -> Address.of(a).value()).orElse("");
  }

  /** UsageEscrow's address, lower-case (empty when not configured). */
  default String usageEscrow() {
    return contracts().usageEscrow().map(a -> Address.of(a).value()).orElse("");
  }

  /**
   * Whether {@code e} is of this chain and was emitted by {@code contract} (an address of {@link
   * #contracts}): a record of another chain, of another contract or of another producer on the
   * topic changes nothing.
   */
  default boolean emittedBy(ChainEvent e, String contract) {
    return e.chainId() == chainId()
        && !contract.isEmpty()
        && Address.of(e.contract()).value().equals(contract);
  }

  /**
   * The configured address of a contract by its ABI name, lower-case; empty when not configured.
   */
  default String address(String contract) {
    Optional<String> a =
        switch (contract) {
          case "ModelRegistry" -> Optional.of(contracts().modelRegistry());
          case "LicenseToken" -> contracts().licenseToken();
          case "Marketplace" -> contracts().marketplace();
          case "UsageEscrow" -> contracts().usageEscrow();
          case "SOAToken" -> contracts().soaToken();
          case "ModelPayees" -> contracts().modelPayees();
          case "X402BatchSettlement" -> contracts().x402BatchSettlement();
          case "ERC3009DepositCollector" -> contracts().erc3009DepositCollector();
          default -> Optional.empty();
        };
    return a.map(x -> Address.of(x).value()).orElse("");
  }

  /**
   * The one check every mirror makes: {@code e} is of this chain and was emitted by the one
   * contract of this deployment that emits its type. A forged record (another chain, another
   * contract, another producer on the topic, or an admin type several contracts share) is not.
   */
  default boolean isOurs(ChainEvent e) {
    return ChainLogTypes.emitterOf(EventTypes.of(e).type())
        .map(c -> emittedBy(e, address(c)))
        .orElse(false);
  }
}
