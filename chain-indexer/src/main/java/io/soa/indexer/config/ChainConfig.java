package io.soa.indexer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Which chain to follow and how; environment variables {@code SOA_CHAIN_*}. */
@ConfigMapping(prefix = "soa.chain")
public interface ChainConfig {
  /** JSON-RPC URL of the node. */
  String rpcUrl();

  /** Chain id the node must report; the indexer refuses to follow any other chain. */
  long chainId();

  /** First block to index: the block the contracts were deployed in, or before. */
  @WithDefault("0")
  long startBlock();

  /** How many blocks deep a block must be before its logs are published (0: at the head). */
  @WithDefault("0")
  int confirmations();

  /** How often to ask the node for its head when caught up. */
  @WithDefault("250ms")
  Duration pollInterval();

  /** Most blocks asked for in one {@code eth_getLogs}. */
  @WithDefault("2000")
  int maxRange();

  /** Addresses of the contracts whose logs are indexed. */
  Contracts contracts();

  /** Contract addresses (the names of {@code .soa/deployment.json}, in kebab case). */
  interface Contracts {
    /** The ModelRegistry contract. */
    String modelRegistry();

    /** The $SOA token. */
    java.util.Optional<String> soaToken();

    /** The LicenseToken contract. */
    java.util.Optional<String> licenseToken();

    /** The Marketplace contract. */
    java.util.Optional<String> marketplace();

    /** The UsageEscrow contract. */
    java.util.Optional<String> usageEscrow();
  }
}
