package io.soa.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Outbox relay settings; environment variables {@code SOA_OUTBOX_*}. */
@ConfigMapping(prefix = "soa.outbox")
public interface OutboxConfig {
  /**
   * Whether this service relays and prunes its outbox; off where nothing writes one (the indexer
   * publishes straight from the chain), so no timer polls an empty table.
   */
  @WithDefault("true")
  boolean enabled();

  /** How often the relay looks for unpublished events. */
  @WithDefault("100ms")
  java.time.Duration interval();

  /** Most events relayed per round. */
  @WithDefault("500")
  int batchSize();

  /**
   * How long published events stay in the outbox (for audits and manual replays) before they are
   * deleted; the topic keeps them for consumers.
   */
  @WithDefault("P7D")
  java.time.Duration retention();

  /** How often published events past {@link #retention()} are deleted. */
  @WithDefault("10m")
  java.time.Duration pruneInterval();
}
