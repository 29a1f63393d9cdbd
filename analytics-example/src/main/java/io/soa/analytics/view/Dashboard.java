package io.soa.analytics.view;

import io.soa.analytics.config.AnalyticsConfig;
import io.soa.analytics.stream.AnalyticsTopology;
import io.soa.analytics.stream.ChannelBook;
import io.soa.analytics.stream.ModelName;
import io.soa.analytics.stream.ModelSales;
import io.soa.analytics.stream.SettlementTotals;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the application's stores into a {@link Snapshot}. One instance holds every partition's
 * state here; with several instances each would serve its own partitions (Kafka Streams' metadata
 * says which), which this example does not do.
 */
@ApplicationScoped
public class Dashboard {
  private final KafkaStreams streams;
  private final Duration horizon;
  private final Clock clock;

  Dashboard(KafkaStreams streams, AnalyticsConfig config) {
    this.streams = streams;
    this.horizon = config.expiryHorizon();
    this.clock = Clock.systemUTC();
  }

  /** The snapshot, the per-minute series over the last {@code minutes} minutes. */
  public Snapshot snapshot(int minutes) {
    Instant now = clock.instant();
    long since = now.minus(Duration.ofMinutes(minutes)).toEpochMilli();

    Map<String, ModelName> names = new HashMap<>();
    Map<String, String> chainIdOf = new HashMap<>(); // catalog id -> on-chain id
    each(
        AnalyticsTopology.MODELS,
        (String catalogId, ModelName m) -> {
          if (m.chainModelId() != null) {
            names.put(m.chainModelId(), m);
            chainIdOf.put(catalogId, m.chainModelId());
          }
        });

    Map<String, BigInteger> revenue = new TreeMap<>();
    Map<String, Map<String, BigInteger>> byFeature = new HashMap<>();
    List<Snapshot.RevenuePoint> points = new ArrayList<>();
    each(
        AnalyticsTopology.REVENUE,
        (String key, String amount) -> {
          String[] k = key.split("\\|", 3);
          BigInteger a = new BigInteger(amount);
          ModelName n = names.get(k[0]);
          String feature = n == null ? k[1] : n.feature(k[1]);
          revenue.merge(k[0], a, BigInteger::add);
          byFeature.computeIfAbsent(k[0], x -> new TreeMap<>()).merge(feature, a, BigInteger::add);
          long minute = Long.parseLong(k[2]);
          if (minute >= since) {
            points.add(
                new Snapshot.RevenuePoint(
                    Instant.ofEpochMilli(minute).toString(), k[0], feature, amount));
          }
        });
    points.sort(
        java.util.Comparator.comparing(Snapshot.RevenuePoint::minute)
            .thenComparing(Snapshot.RevenuePoint::modelId)
            .thenComparing(Snapshot.RevenuePoint::feature));

    Map<String, BigInteger> x402 = new HashMap<>();
    each(
        AnalyticsTopology.X402,
        (String model, String amount) -> x402.put(model, new BigInteger(amount)));

    Map<String, ModelSales> sales = new HashMap<>();
    each(
        AnalyticsTopology.SALES,
        (String key, ModelSales s) -> {
          String model =
              key.startsWith("chain:")
                  ? key.substring("chain:".length())
                  : chainIdOf.get(key.substring("catalog:".length()));
          if (model != null) { // a token of a model catalog has not seen tokenized: not yet shown
            sales.merge(model, s, ModelSales::plus);
          }
        });

    Map<String, long[]> calls = new HashMap<>();
    Snapshot.Access access = access(since, calls);
    Map<String, BigInteger[]> channels = new HashMap<>();
    Snapshot.Settlement settlement = settlement(now, channels);
    TreeMap<String, Snapshot.Model> models =
        new TreeMap<>( // numerically for decimal ids, without trusting them to be decimal
            java.util.Comparator.comparingInt(String::length).thenComparing(x -> x));
    java.util.Set<String> ids = new java.util.HashSet<>(revenue.keySet());
    ids.addAll(sales.keySet());
    ids.addAll(calls.keySet());
    ids.addAll(channels.keySet());
    ids.addAll(x402.keySet());
    ids.removeIf(id -> id.isEmpty() || id.equals("null"));
    for (String id : ids) {
      ModelSales s = sales.getOrDefault(id, ModelSales.none());
      Map<String, String> features = new TreeMap<>();
      byFeature.getOrDefault(id, Map.of()).forEach((f, a) -> features.put(f, a.toString()));
      ModelName n = names.get(id);
      long[] c = calls.getOrDefault(id, new long[2]);
      BigInteger[] ch =
          channels.getOrDefault(id, new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
      models.put(
          id,
          new Snapshot.Model(
              id,
              n == null ? null : n.name(),
              revenue.getOrDefault(id, BigInteger.ZERO).toString(),
              features,
              x402.getOrDefault(id, BigInteger.ZERO).toString(),
              c[0],
              c[1],
              ch[0].toString(),
              ch[1].toString(),
              s.licences(),
              s.licenceVolume(),
              s.resales(),
              s.resaleVolume(),
              s.modelSales(),
              s.modelSaleVolume(),
              s.royalties()));
    }
    return new Snapshot(now.toString(), List.copyOf(models.values()), points, access, settlement);
  }

  private Snapshot.Access access(long since, Map<String, long[]> perModel) {
    long[] totals = new long[3]; // granted, refunded, denied
    Map<String, Long> reasons = new TreeMap<>();
    Map<String, Long> perMinute = new TreeMap<>(); // minute|outcome (over all models)
    each(
        AnalyticsTopology.ACCESS,
        (String key, Long calls) -> {
          String[] k = key.split("\\|", 3);
          String outcome = k[2];
          long[] m = perModel.computeIfAbsent(k[1], x -> new long[2]); // granted, denied
          m[outcome.startsWith("denied:") ? 1 : 0] += calls;
          switch (outcome) {
            case "granted" -> totals[0] += calls;
            case "refunded" -> totals[1] += calls;
            default -> {
              totals[2] += calls;
              reasons.merge(outcome.substring("denied:".length()), calls, Long::sum);
            }
          }
          long minute = Long.parseLong(k[0]);
          if (minute >= since) {
            perMinute.merge(Instant.ofEpochMilli(minute) + "|" + outcome, calls, Long::sum);
          }
        });
    List<Snapshot.AccessPoint> points = new ArrayList<>();
    perMinute.forEach(
        (key, calls) -> {
          String[] k = key.split("\\|", 2);
          points.add(new Snapshot.AccessPoint(k[0], k[1], calls));
        });
    return new Snapshot.Access(totals[0], totals[1], totals[2], reasons, points);
  }

  private Snapshot.Settlement settlement(Instant now, Map<String, BigInteger[]> perModel) {
    BigInteger[] sums = {BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO};
    int[] counts = new int[2]; // channels, at risk
    Long[] lags = new Long[4]; // last, max, oldest unsettled charge's time, last settlement's time
    long[] settled = new long[1];
    long deadline = now.plus(horizon).toEpochMilli();
    each(
        AnalyticsTopology.CHANNELS,
        (String channel, ChannelBook book) -> {
          ChannelBook.Status s = book.status();
          counts[0]++;
          sums[0] = sums[0].add(s.charged());
          sums[1] = sums[1].add(s.claimed());
          sums[2] = sums[2].add(s.unsettled());
          BigInteger[] m =
              perModel.computeIfAbsent(
                  String.valueOf(s.modelId()),
                  x -> new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO}); // unsettled, at risk
          m[0] = m[0].add(s.unsettled());
          if (s.unsettled().signum() > 0
              && s.expiresAtMillis() != null
              && s.expiresAtMillis() <= deadline) {
            sums[3] = sums[3].add(s.unsettled());
            m[1] = m[1].add(s.unsettled());
            counts[1]++;
          }
          if (s.lastLagMillis() != null) {
            if (lags[3] == null || s.lastSettledAt() > lags[3]) { // the most recent settlement's
              lags[0] = s.lastLagMillis();
              lags[3] = s.lastSettledAt();
            }
            lags[1] = lags[1] == null ? s.maxLagMillis() : Math.max(lags[1], s.maxLagMillis());
          }
          if (s.oldestUnsettledAt() != null) {
            lags[2] =
                lags[2] == null ? s.oldestUnsettledAt() : Math.min(lags[2], s.oldestUnsettledAt());
          }
          settled[0] += s.settledCharges();
        });
    Map<String, Snapshot.Batches> batches = new TreeMap<>();
    each(
        AnalyticsTopology.SETTLEMENTS,
        (String outcome, SettlementTotals t) ->
            batches.put(outcome, new Snapshot.Batches(t.count(), t.amount(), t.fees())));
    return new Snapshot.Settlement(
        counts[0],
        sums[0].toString(),
        sums[1].toString(),
        sums[2].toString(),
        sums[3].toString(),
        counts[1],
        horizon.toString(),
        seconds(lags[0]),
        seconds(lags[1]),
        lags[2] == null ? null : seconds(Math.max(0, now.toEpochMilli() - lags[2])),
        settled[0],
        batches);
  }

  private static Double seconds(Long millis) {
    return millis == null ? null : millis / 1000.0;
  }

  private <V> void each(String store, BiConsumer<String, V> visit) {
    ReadOnlyKeyValueStore<String, V> s =
        streams.store(
            StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()));
    try (KeyValueIterator<String, V> it = s.all()) {
      while (it.hasNext()) {
        KeyValue<String, V> kv = it.next();
        visit.accept(kv.key, kv.value);
      }
    }
  }
}
