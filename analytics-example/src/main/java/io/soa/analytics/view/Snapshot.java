package io.soa.analytics.view;

import java.util.List;
import java.util.Map;

/**
 * What the dashboard shows, as of {@code asOf}. Amounts are decimal strings of $SOA base units
 * (wei); minutes are ISO-8601 instants at the start of the minute.
 */
public record Snapshot(
    String asOf,
    List<Model> models,
    List<RevenuePoint> revenue,
    Access access,
    Settlement settlement) {

  /**
   * One model: its pay-per-use revenue (charges accepted less released) in all and per feature,
   * what its x402 calls paid ({@code exact} transfers and {@code batch-settlement} vouchers), its
   * calls, what is charged on its channels but not yet claimed (and the part of that at risk of
   * expiry, see {@link Settlement}), and its sales.
   */
  public record Model(
      String modelId,
      String name,
      String revenue,
      Map<String, String> revenueByFeature,
      String x402Revenue,
      long granted,
      long denied,
      String unsettled,
      String valueAtRisk,
      long licences,
      String licenceVolume,
      long resales,
      String resaleVolume,
      long modelSales,
      String modelSaleVolume,
      String royalties) {}

  /** Revenue of one model and feature in one minute. */
  public record RevenuePoint(String minute, String modelId, String feature, String amount) {}

  /** Calls let through and refused: in all, refusals by reason, and per minute by outcome. */
  public record Access(
      long granted,
      long refunded,
      long denied,
      Map<String, Long> deniedByReason,
      List<AccessPoint> perMinute) {}

  /** Calls of one outcome in one minute. */
  public record AccessPoint(String minute, String outcome, long calls) {}

  /**
   * The money on pay-per-use channels: charged, claimed on-chain, charged but not yet claimed
   * (unsettled) and the part of that on channels expiring within {@code horizon} (at risk: after
   * expiry the payer may close the channel and take back what is not claimed). Lags are in seconds:
   * from a charge's acceptance to the claim that settled it (the last one and the largest), and the
   * age of the oldest charge not yet settled.
   */
  public record Settlement(
      int channels,
      String charged,
      String claimed,
      String unsettled,
      String valueAtRisk,
      int channelsAtRisk,
      String horizon,
      Double lastLagSeconds,
      Double maxLagSeconds,
      Double oldestUnsettledSeconds,
      long settledCharges,
      Map<String, Batches> batches) {}

  /** Settlement batches of one outcome. */
  public record Batches(long count, String amount, String fees) {}
}
