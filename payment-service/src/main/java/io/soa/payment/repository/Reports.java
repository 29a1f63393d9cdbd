package io.soa.payment.repository;

import io.smallrye.mutiny.Uni;
import io.soa.platform.persistence.Rows;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The read side of payments for people: earnings, settlements, and the channels to reconcile. */
@ApplicationScoped
public class Reports {
  private final Pool pool;

  public Reports(Pool pool) {
    this.pool = pool;
  }

  /** Charged (not released) per model and feature of a model the owner owns now. */
  public record Earning(
      String modelId,
      String feature,
      BigInteger charged,
      BigInteger pending,
      BigInteger inTransit) {}

  /** A channel with activity, as the reconciliation compares it. */
  public record ChannelTotals(
      String channelId,
      BigInteger charged,
      BigInteger claimed,
      BigInteger settled,
      BigInteger mostCharged,
      String inFlight) {}

  public Uni<List<Earning>> earnings(String owner) {
    return pool.preparedQuery(
            """
            SELECT o.model_id, c.feature, sum(c.amount) AS charged,
                   (SELECT COALESCE(sum(p.amount), 0) FROM posting p
                    WHERE p.account = 'model:' || o.model_id || ':earned') AS pending,
                   (SELECT COALESCE(sum(i.in_transit), 0) FROM settlement_item i
                    WHERE i.model_id = o.model_id AND i.state = 'in-flight') AS in_transit
            FROM model_owner o JOIN charge c ON c.model_id = o.model_id
            WHERE o.owner = $1 AND c.released_at IS NULL
            GROUP BY o.model_id, c.feature ORDER BY o.model_id, c.feature""")
        .execute(Tuple.of(owner))
        .map(
            rows ->
                Rows.all(
                    rows,
                    r ->
                        new Earning(
                            r.getBigDecimal("model_id").toPlainString(),
                            r.getString("feature"),
                            big(r, "charged"),
                            big(r, "pending"),
                            big(r, "in_transit"))));
  }

  /** The latest settlements, newest first. */
  public Uni<List<Map<String, Object>>> settlements(int limit) {
    return pool.preparedQuery(
            "SELECT settlement_id, state, reason, tx_hash, created_at, confirmed_at,"
                + " (SELECT count(*) FROM settlement_item i WHERE i.settlement_id ="
                + " s.settlement_id) AS channels FROM settlement s ORDER BY created_at DESC"
                + " LIMIT $1")
        .execute(Tuple.of(limit))
        .map(
            rows -> {
              List<Map<String, Object>> out = new ArrayList<>();
              for (Row r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("settlementId", r.getUUID("settlement_id").toString());
                m.put("state", r.getString("state"));
                m.put("reason", r.getString("reason"));
                m.put("txHash", r.getString("tx_hash"));
                m.put("channels", r.getLong("channels"));
                m.put("createdAt", r.getOffsetDateTime("created_at"));
                m.put("confirmedAt", r.getOffsetDateTime("confirmed_at"));
                out.add(m);
              }
              return out;
            });
  }

  /** A settlement and its channels; empty when there is none with that id. */
  public Uni<Optional<Map<String, Object>>> settlement(UUID id) {
    return pool.preparedQuery(
            "SELECT s.state, s.reason, s.tx_hash, s.error, s.created_at, s.confirmed_at,"
                + " i.channel_id, i.cumulative_amount, i.state AS item_state, i.skip_reason,"
                + " i.paid, i.fee FROM settlement s LEFT JOIN settlement_item i USING"
                + " (settlement_id) WHERE s.settlement_id = $1 ORDER BY i.channel_id")
        .execute(Tuple.of(id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Map<String, Object> out = new LinkedHashMap<>();
              List<Map<String, Object>> items = new ArrayList<>();
              for (Row r : rows) {
                if (out.isEmpty()) {
                  out.put("settlementId", id.toString());
                  out.put("state", r.getString("state"));
                  out.put("reason", r.getString("reason"));
                  out.put("txHash", r.getString("tx_hash"));
                  out.put("error", r.getString("error"));
                  out.put("createdAt", r.getOffsetDateTime("created_at"));
                  out.put("confirmedAt", r.getOffsetDateTime("confirmed_at"));
                }
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("channelId", text(r, "channel_id"));
                item.put("cumulativeAmount", text(r, "cumulative_amount"));
                item.put("state", r.getString("item_state"));
                item.put("skipReason", r.getString("skip_reason"));
                item.put("paid", text(r, "paid"));
                item.put("fee", text(r, "fee"));
                items.add(item);
              }
              out.put("channels", items);
              return Optional.of(out);
            });
  }

  /** Every channel charged or claimed, by id. */
  public Uni<List<ChannelTotals>> channelTotals() {
    return pool.query(
            """
            SELECT c.channel_id, c.charged, c.claimed, c.in_flight,
                   COALESCE((SELECT sum(i.paid) FROM settlement_item i
                             WHERE i.channel_id = c.channel_id AND i.state = 'claimed'), 0) AS settled,
                   COALESCE((SELECT max(h.charged_after) FROM charge h
                             WHERE h.channel_id = c.channel_id), 0) AS most_charged
            FROM channel c WHERE c.charged > 0 OR c.claimed > 0 ORDER BY c.channel_id""")
        .execute()
        .map(
            rows ->
                Rows.all(
                    rows,
                    r ->
                        new ChannelTotals(
                            text(r, "channel_id"),
                            big(r, "charged"),
                            big(r, "claimed"),
                            big(r, "settled"),
                            big(r, "most_charged"),
                            text(r, "in_flight"))));
  }

  /**
   * For the gauges: charged not yet claimed on open channels, the part of it on channels expiring
   * within a day, and the age in seconds of the oldest charge not claimed.
   */
  public Uni<double[]> unsettled() {
    return pool.query(
            """
            SELECT COALESCE(sum(charged - claimed), 0) AS unsettled,
                   COALESCE(sum(charged - claimed) FILTER (
                     WHERE expires_at < extract(epoch FROM now()) + 86400), 0) AS at_risk,
                   COALESCE(extract(epoch FROM now() - (
                     SELECT min(h.accepted_at) FROM charge h JOIN channel c USING (channel_id)
                     WHERE h.charged_after > c.claimed AND h.released_at IS NULL)), 0) AS lag
            FROM channel WHERE known AND NOT closed""")
        .execute()
        .map(
            rows -> {
              Row r = rows.iterator().next();
              return new double[] {
                r.getBigDecimal("unsettled").doubleValue(),
                r.getBigDecimal("at_risk").doubleValue(),
                r.getBigDecimal("lag").doubleValue()
              };
            });
  }

  /** The sum of every posting of the ledger (always 0). */
  public Uni<BigInteger> ledgerSum() {
    return pool.query("SELECT COALESCE(sum(amount), 0) AS ledger FROM posting")
        .execute()
        .map(rows -> big(rows.iterator().next(), "ledger"));
  }

  private static BigInteger big(Row r, String column) {
    return r.getBigDecimal(column).toBigIntegerExact();
  }

  private static String text(Row r, String column) {
    BigDecimal v = r.getBigDecimal(column);
    return v == null ? null : v.toBigIntegerExact().toString();
  }
}
