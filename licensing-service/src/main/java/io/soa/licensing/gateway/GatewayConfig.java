package io.soa.licensing.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** The access gateway's limits and where payment-service answers (SOA_GATEWAY_* in the env). */
@ConfigMapping(prefix = "soa.gateway")
public interface GatewayConfig {
  /** payment-service's base URL: the voucher path charges there. */
  @WithName("payment-url")
  @WithDefault("http://127.0.0.1:8083")
  String paymentUrl();

  /** The audience of the gateway's service token: payment-service's alone. */
  @WithDefault("soa-payment")
  String paymentAudience();

  /** Allow plain http and loopback model endpoints: the local stack and tests only. */
  @WithName("allow-local")
  @WithDefault("false")
  boolean allowLocal();

  /** The largest request body forwarded to a model. */
  @WithName("max-request-bytes")
  @WithDefault("1048576")
  int maxRequestBytes();

  /** The largest response body taken from a model; a larger one is a 502. */
  @WithName("max-response-bytes")
  @WithDefault("8388608")
  int maxResponseBytes();

  /** Time to connect to a model's endpoint (then 504). */
  @WithName("connect-timeout")
  @WithDefault("5s")
  Duration connectTimeout();

  /** Time for a model to answer completely (then 504). */
  @WithName("upstream-timeout")
  @WithDefault("30s")
  Duration upstreamTimeout();

  /** Concurrent transactions of access decisions, and the most decisions in one. */
  @WithName("commit-writers")
  @WithDefault("2")
  int commitWriters();

  @WithName("commit-batch")
  @WithDefault("256")
  int commitBatch();

  /** How long the gateway keeps what it reads per call (see ReadCache); 0 reads every time. */
  @WithName("read-cache-ttl")
  @WithDefault("1s")
  Duration readCacheTtl();

  /**
   * The gateway's Ed25519 signing key (PKCS #8 PEM file) for forwarded calls; without it a key is
   * made at start (one replica only: its JWKS changes at every start).
   */
  @WithName("signing-key-location")
  java.util.Optional<String> signingKeyLocation();

  /** How often licences past their expiry are announced (EntitlementExpired). */
  @WithName("expiry-sweep-interval")
  @WithDefault("30s")
  Duration expirySweepInterval();
}
