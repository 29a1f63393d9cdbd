package io.soa.events.chain;

import io.soa.events.Topics;
import java.util.Locale;
import java.util.Optional;

/**
 * Which topic each contract's logs go to (DESIGN §4), written once for the indexer's router, the
 * topic audit and the event contract test. $SOA transfers are the suite's business only when the
 * escrow or the marketplace is a party: they go to that contract's topic, keyed by the other party.
 */
public final class ChainRouting {
  private ChainRouting() {}

  /** Where a log goes and its partition key. */
  public record Route(String topic, String key) {}

  /** The topic of every published log of {@code contract}; empty for SOAToken (see below). */
  public static Optional<String> topicOf(String contract) {
    return Optional.ofNullable(
        switch (contract) {
          case "ModelRegistry", "ModelPayees" -> Topics.CHAIN_MODELS;
          case "LicenseToken" -> Topics.CHAIN_LICENSES;
          case "Marketplace" -> Topics.CHAIN_MARKET;
          case "UsageEscrow", "X402BatchSettlement" -> Topics.CHAIN_ESCROW;
          default -> null;
        });
  }

  /**
   * The route of a $SOA transfer {@code from -> to} given the escrow's and marketplace's addresses
   * (either may be null when not configured); empty when neither is a party.
   */
  public static Optional<Route> soaTransfer(String from, String to, String escrow, String market) {
    String f = lower(from);
    String t = lower(to);
    String e = lower(escrow);
    String m = lower(market);
    if (e != null && (e.equals(f) || e.equals(t))) {
      return Optional.of(new Route(Topics.CHAIN_ESCROW, e.equals(f) ? t : f));
    }
    if (m != null && (m.equals(f) || m.equals(t))) {
      return Optional.of(new Route(Topics.CHAIN_MARKET, m.equals(f) ? t : f));
    }
    return Optional.empty();
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }
}
