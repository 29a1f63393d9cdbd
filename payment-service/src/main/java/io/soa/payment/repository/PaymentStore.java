package io.soa.payment.repository;

import io.smallrye.mutiny.Uni;
import io.soa.payment.domain.Accounts;
import io.soa.payment.domain.Channel;
import io.soa.payment.domain.Charge;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The payment-service's SQL, on the reactive client: channels, prices, charges and ledger postings.
 * Writes that must be exact are single conditional statements (see {@link #take}), so any number of
 * replicas and callers can share one channel without a lock held across a request.
 */
@ApplicationScoped
public class PaymentStore {
  private static final String CHANNEL_COLUMNS =
      "channel_id, known, payer, signer, model_id, deposit, expires_at, claimed, closed, charged,"
          + " covered, in_flight";
  private static final String CHARGE_COLUMNS =
      "charge_id, request_id, channel_id, model_id, feature, amount, cumulative_amount, signature,"
          + " charged_after, covered_after, accepted_at, released_at";

  private final Pool pool;

  public PaymentStore(Pool pool) {
    this.pool = pool;
  }

  public Uni<Optional<Channel>> channel(BigInteger channelId) {
    return pool.preparedQuery("SELECT " + CHANNEL_COLUMNS + " FROM channel WHERE channel_id = $1")
        .execute(Tuple.of(dec(channelId)))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(channel(rows.iterator().next())));
  }

  public Uni<Optional<Channel>> channel(SqlConnection tx, BigInteger channelId) {
    return tx.preparedQuery("SELECT " + CHANNEL_COLUMNS + " FROM channel WHERE channel_id = $1")
        .execute(Tuple.of(dec(channelId)))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(channel(rows.iterator().next())));
  }

  /** The on-chain price per call of {@code feature} of {@code modelId}; empty when unpriced. */
  public Uni<Optional<BigInteger>> price(BigInteger modelId, String feature) {
    return pool.preparedQuery(
            "SELECT price FROM feature_price WHERE model_id = $1 AND feature = $2")
        .execute(Tuple.of(dec(modelId), feature))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(big(rows.iterator().next().getBigDecimal("price"))));
  }

  public Uni<Optional<Charge>> charge(SqlConnection tx, UUID chargeId) {
    return tx.preparedQuery(
            "SELECT " + CHARGE_COLUMNS + " FROM charge WHERE charge_id = $1 FOR UPDATE")
        .execute(Tuple.of(chargeId))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(charge(rows.iterator().next())));
  }

  public Uni<Optional<Charge>> charge(UUID chargeId) {
    return pool.preparedQuery("SELECT " + CHARGE_COLUMNS + " FROM charge WHERE charge_id = $1")
        .execute(Tuple.of(chargeId))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(charge(rows.iterator().next())));
  }

  /** What a charge needs to know before its transaction, read in one round trip. */
  public record Context(
      Optional<Channel> channel, Optional<BigInteger> price, Optional<Charge> previous) {}

  /**
   * The channel, the feature's price and the charge already made under {@code requestId}, if any:
   * one statement instead of three (the transaction that follows re-checks what matters in its
   * conditional update, and the request id's unique key guards concurrent duplicates).
   */
  public Uni<Context> context(
      BigInteger channelId, BigInteger modelId, String feature, String requestId) {
    return pool.preparedQuery(
            """
            SELECT c.channel_id, c.known, c.payer, c.signer, c.model_id, c.deposit, c.expires_at,
                   c.claimed, c.closed, c.charged, c.covered, c.in_flight,
                   fp.price AS feature_price,
                   h.charge_id, h.request_id, h.channel_id AS h_channel_id,
                   h.model_id AS h_model_id, h.feature AS h_feature, h.amount,
                   h.cumulative_amount, h.signature, h.charged_after, h.covered_after,
                   h.accepted_at, h.released_at
            FROM (SELECT 1) AS one
            LEFT JOIN channel c ON c.channel_id = $1
            LEFT JOIN feature_price fp ON fp.model_id = $2 AND fp.feature = $3
            LEFT JOIN charge h ON h.request_id = $4""")
        .execute(Tuple.of(dec(channelId), dec(modelId), feature, requestId))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              Optional<Channel> ch =
                  r.getValue("channel_id") == null ? Optional.empty() : Optional.of(channel(r));
              Optional<BigInteger> price =
                  Optional.ofNullable(r.getBigDecimal("feature_price")).map(PaymentStore::big);
              Optional<Charge> previous =
                  r.getValue("charge_id") == null
                      ? Optional.empty()
                      : Optional.of(
                          new Charge(
                              r.getUUID("charge_id"),
                              r.getString("request_id"),
                              big(r.getBigDecimal("h_channel_id")),
                              big(r.getBigDecimal("h_model_id")),
                              r.getString("h_feature"),
                              big(r.getBigDecimal("amount")),
                              big(r.getBigDecimal("cumulative_amount")),
                              r.getBuffer("signature").getBytes(),
                              big(r.getBigDecimal("charged_after")),
                              big(r.getBigDecimal("covered_after")),
                              r.getOffsetDateTime("accepted_at"),
                              r.getOffsetDateTime("released_at")));
              return new Context(ch, price, previous);
            });
  }

  private static final String INSERT_WITH_ENTRY =
      "WITH c AS (INSERT INTO charge ("
          + CHARGE_COLUMNS
          + ", trace_parent) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$17)"
          + " RETURNING charge_id)"
          + " INSERT INTO posting (entry_id, account, amount, posted_at)"
          + " SELECT c.charge_id, v.account, v.amount, $11 FROM c,"
          + " (VALUES ($13::text, $14::numeric), ($15::text, $16::numeric)) AS v(account, amount)";

  /**
   * Inserts accepted charges, each with its ledger entry (from the channel's account to the model's
   * earnings, its amount) and the {@code traceparent} of the request that asked for it (or null),
   * in one round trip: one statement per charge, pipelined.
   */
  public Uni<Void> insertWithEntries(
      SqlConnection tx, List<Charge> charges, List<String> traceParents) {
    if (charges.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<Tuple> rows = new java.util.ArrayList<>(charges.size());
    for (int i = 0; i < charges.size(); i++) {
      Charge c = charges.get(i);
      rows.add(
          withEntry(c, Accounts.channel(c.channelId()), Accounts.earned(c.modelId()))
              .addValue(traceParents.get(i)));
    }
    return tx.preparedQuery(INSERT_WITH_ENTRY).executeBatch(rows).replaceWithVoid();
  }

  private static Tuple withEntry(Charge c, String from, String to) {
    return Tuple.from(
        java.util.Arrays.asList(
            c.chargeId(),
            c.requestId(),
            dec(c.channelId()),
            dec(c.modelId()),
            c.feature(),
            dec(c.amount()),
            dec(c.cumulativeAmount()),
            io.vertx.core.buffer.Buffer.buffer(c.signature()),
            dec(c.chargedAfter()),
            dec(c.coveredAfter()),
            c.acceptedAt(),
            c.releasedAt(),
            from,
            dec(c.amount().negate()),
            to,
            dec(c.amount())));
  }

  /** The channel's totals right after a charge. */
  public record Totals(BigInteger charged, BigInteger covered, BigInteger deposit) {}

  /** One charge's conditional update: see {@link #takeAll}. */
  public record Take(
      BigInteger channelId,
      BigInteger modelId,
      BigInteger amount,
      BigInteger cumulativeAmount,
      byte[] signature) {}

  /**
   * Charges each {@link Take} to its channel, in the given order and in one round trip (one
   * pipelined statement per take). Each is one conditional statement: it succeeds only if the
   * channel is known, open and for the take's model, and the largest voucher seen (the take's
   * included) covers everything charged plus its amount without exceeding the deposit; the voucher
   * becomes the channel's best when it is larger. Per take, in order: the channel's totals after
   * it, or empty when a condition failed (nothing changed).
   */
  public Uni<List<Optional<Totals>>> takeAll(SqlConnection tx, List<Take> takes) {
    return tx.preparedQuery(
            """
            UPDATE channel SET
              charged = charged + $2,
              best_signature = CASE WHEN $3 > covered THEN $4 ELSE best_signature END,
              covered = GREATEST(covered, $3)
            WHERE channel_id = $1 AND known AND NOT closed AND model_id = $5
              AND charged + $2 <= GREATEST(covered, $3) AND GREATEST(covered, $3) <= deposit
            RETURNING charged, covered, deposit""")
        .executeBatch(
            takes.stream()
                .map(
                    t ->
                        Tuple.of(
                            dec(t.channelId()),
                            dec(t.amount()),
                            dec(t.cumulativeAmount()),
                            io.vertx.core.buffer.Buffer.buffer(t.signature()),
                            dec(t.modelId())))
                .toList())
        .map(
            first -> {
              List<Optional<Totals>> out = new java.util.ArrayList<>(takes.size());
              for (var rows = first; rows != null; rows = rows.next()) {
                if (rows.size() == 0) {
                  out.add(Optional.empty());
                } else {
                  Row r = rows.iterator().next();
                  out.add(
                      Optional.of(
                          new Totals(
                              big(r.getBigDecimal("charged")),
                              big(r.getBigDecimal("covered")),
                              big(r.getBigDecimal("deposit")))));
                }
              }
              return out;
            });
  }

  /** Gives {@code amount} back to the channel's credit (a released charge). */
  public Uni<BigInteger> giveBack(SqlConnection tx, BigInteger channelId, BigInteger amount) {
    return tx.preparedQuery(
            "UPDATE channel SET charged = charged - $2 WHERE channel_id = $1 RETURNING charged")
        .execute(Tuple.of(dec(channelId), dec(amount)))
        .map(rows -> big(rows.iterator().next().getBigDecimal("charged")));
  }

  /**
   * Marks a charge released now; empty when it already was (a concurrent release waits on the row
   * and then finds it released, so a charge is given back once).
   */
  public Uni<Optional<OffsetDateTime>> markReleased(SqlConnection tx, UUID chargeId) {
    OffsetDateTime now = now();
    return tx.preparedQuery(
            "UPDATE charge SET released_at = $2 WHERE charge_id = $1 AND released_at IS NULL")
        .execute(Tuple.of(chargeId, now))
        .map(rows -> rows.rowCount() == 1 ? Optional.of(now) : Optional.empty());
  }

  public static String channelAccount(BigInteger channelId) {
    return Accounts.channel(channelId);
  }

  static Channel channel(Row r) {
    return new Channel(
        big(r.getBigDecimal("channel_id")),
        r.getBoolean("known"),
        r.getString("payer"),
        r.getString("signer"),
        big(r.getBigDecimal("model_id")),
        big(r.getBigDecimal("deposit")),
        r.getLong("expires_at"),
        big(r.getBigDecimal("claimed")),
        r.getBoolean("closed"),
        big(r.getBigDecimal("charged")),
        big(r.getBigDecimal("covered")),
        big(r.getBigDecimal("in_flight")));
  }

  static Charge charge(Row r) {
    return new Charge(
        r.getUUID("charge_id"),
        r.getString("request_id"),
        big(r.getBigDecimal("channel_id")),
        big(r.getBigDecimal("model_id")),
        r.getString("feature"),
        big(r.getBigDecimal("amount")),
        big(r.getBigDecimal("cumulative_amount")),
        r.getBuffer("signature").getBytes(),
        big(r.getBigDecimal("charged_after")),
        big(r.getBigDecimal("covered_after")),
        r.getOffsetDateTime("accepted_at"),
        r.getOffsetDateTime("released_at"));
  }

  public static BigDecimal dec(BigInteger v) {
    return v == null ? null : new BigDecimal(v);
  }

  public static BigInteger big(BigDecimal v) {
    return v == null ? null : v.toBigIntegerExact();
  }

  /** Microseconds, as PostgreSQL stores them, so what is returned equals what is read back. */
  public static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }
}
