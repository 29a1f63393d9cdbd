package io.soa.platform.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Inbox settings; environment variables {@code SOA_INBOX_*}. */
@ConfigMapping(prefix = "soa.inbox")
public interface InboxConfig {
  /** Whether this service prunes its inbox; off where nothing consumes into one (the indexer). */
  @WithDefault("true")
  boolean enabled();

  /** How long a consumed event's id is kept to drop its redeliveries. */
  @WithDefault("P30D")
  Duration retention();

  /** How often ids past {@link #retention()} are deleted. */
  @WithDefault("10m")
  Duration pruneInterval();
}
