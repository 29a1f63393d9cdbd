package io.soa.payment.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;

/** payment-service's own settings ({@code soa.payment.*}); the chain's are {@code soa.chain.*}. */
@ConfigMapping(prefix = "soa.payment")
public interface PaymentSettings {
  /** No charge on a channel that expires sooner than this: settlement needs the time. */
  Duration expiryMargin();

  /** How often a settlement round looks for channels to claim. */
  Duration settleInterval();

  /** The most channels one claimBatch transaction claims. */
  int settleBatchSize();

  /** A charge older than this is claimed even when no batch is full. */
  Duration settleMaxAge();

  /** A channel this close to its expiry is claimed at once. */
  Duration settleBeforeExpiry();

  /** A claim transaction not mined after this is sent again at a higher gas price. */
  Duration settleResubmitAfter();

  /** The highest gas price (wei) a claim transaction is ever sent at. */
  BigInteger maxGasPrice();

  /** The settlement key (hex); without one this replica charges but does not settle. */
  Optional<String> settlementKey();

  /** How often a round claims x402 batch-settlement channels and settles their payees. */
  @WithDefault("10s")
  Duration x402ClaimInterval();

  /** Transactions writing charges at once (group commit). */
  @WithDefault("2")
  int commitWriters();

  /** The most charges one transaction writes. */
  @WithDefault("256")
  int commitBatch();
}
