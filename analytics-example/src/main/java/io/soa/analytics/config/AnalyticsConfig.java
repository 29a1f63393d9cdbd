package io.soa.analytics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The analytics example's settings ({@code soa.analytics.*}; SOA_ANALYTICS_* in the env). */
@ConfigMapping(prefix = "soa.analytics")
public interface AnalyticsConfig {
  /** How far ahead the dashboard counts charges at risk of a channel's expiry. */
  @WithDefault("PT24H")
  Duration expiryHorizon();
}
