package io.soa.indexer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Which chain to follow and how; environment variables {@code SOA_CHAIN_*}. */
@ConfigMapping(prefix = "soa.chain")
public interface ChainConfig {
  /** JSON-RPC URL of the node (used when {@code rpc-urls} is not set). */
  String rpcUrl();

  /** Several JSON-RPC URLs, tried in order with fail-over; overrides {@code rpc-url}. */
  Optional<List<String>> rpcUrls();

  /** Chain id every node must report; the indexer refuses to follow any other chain. */
  long chainId();

  /** First block to index: the block the contracts were deployed in, or before. */
  @WithDefault("0")
  long startBlock();

  /** How many blocks deep a block must be before its logs are published (0: at the head). */
  @WithDefault("0")
  int confirmations();

  /** Publish only blocks the node's {@code finalized} tag covers (instead of confirmations). */
  @WithDefault("false")
  boolean useFinalized();

  /**
   * Active/standby: how often the leading replica checks that it still holds the leader lock, and
   * how often a standby tries to take it (a dead leader's session ends at once, so a standby takes
   * over within about {@code leader-retry}).
   */
  @WithDefault("1s")
  Duration leaderCheck();

  @WithDefault("1s")
  Duration leaderRetry();

  /** How often to ask the node for its head when caught up. */
  @WithDefault("250ms")
  Duration pollInterval();

  /** Blocks asked for in the first {@code eth_getLogs}; the range then adapts. */
  @WithDefault("500")
  int initialRange();

  /**
   * Most blocks asked for in one {@code eth_getLogs}. The whole answer is held in memory, so this
   * times the densest logs-per-block bounds the heap the indexer needs.
   */
  @WithDefault("2000")
  int maxRange();

  /** How many recent published blocks are kept (hashes and events) to undo a reorg. */
  @WithDefault("128")
  int reorgWindow();

  /** Timeout of one JSON-RPC request. */
  @WithDefault("10s")
  Duration rpcTimeout();

  /**
   * Most bytes of one {@code eth_getLogs} answer; a bigger one is a range limit (fewer blocks are
   * asked for), so a hostile or misconfigured node cannot exhaust the heap.
   */
  @WithDefault("67108864")
  long maxResponseBytes();

  /** A node whose head has not moved for this long while another's has is reported stale. */
  @WithDefault("30s")
  Duration staleAfter();

  /** Addresses of the contracts whose logs are indexed. */
  Contracts contracts();

  /** Contract addresses (the names of {@code .soa/deployment.json}, in kebab case). */
  interface Contracts {
    /** The ModelRegistry contract. */
    String modelRegistry();

    /** The $SOA token (only its transfers touching the escrow or marketplace are published). */
    Optional<String> soaToken();

    /** The LicenseToken contract. */
    Optional<String> licenseToken();

    /** The Marketplace contract. */
    Optional<String> marketplace();

    /** The UsageEscrow contract. */
    Optional<String> usageEscrow();

    /** The ModelPayees contract (each model's payee). */
    Optional<String> modelPayees();

    /** x402's batch-settlement contract (its channels' deposits, claims, settles, refunds). */
    Optional<String> x402BatchSettlement();

    /** Its ERC-3009 deposit collector: named by deployments, not followed (it emits no events). */
    Optional<String> erc3009DepositCollector();

    /** The contracts followed, by ABI name: the registry and every other one configured. */
    default java.util.Map<String, String> followed() {
      java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
      m.put("ModelRegistry", modelRegistry());
      licenseToken().ifPresent(a -> m.put("LicenseToken", a));
      marketplace().ifPresent(a -> m.put("Marketplace", a));
      usageEscrow().ifPresent(a -> m.put("UsageEscrow", a));
      soaToken().ifPresent(a -> m.put("SOAToken", a));
      modelPayees().ifPresent(a -> m.put("ModelPayees", a));
      x402BatchSettlement().ifPresent(a -> m.put("X402BatchSettlement", a));
      return m;
    }
  }

  default List<String> urls() {
    return rpcUrls().filter(l -> !l.isEmpty()).orElse(List.of(rpcUrl()));
  }
}
