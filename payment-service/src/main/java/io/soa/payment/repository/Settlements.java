package io.soa.payment.repository;

import static io.soa.payment.repository.PaymentStore.big;
import static io.soa.payment.repository.PaymentStore.dec;

import io.smallrye.mutiny.Uni;
import io.soa.platform.persistence.Rows;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Settlements: their channels (settlement_item), their signed transactions (settlement_tx) and the
 * voucher each channel has in flight, in the caller's transaction.
 */
@ApplicationScoped
public class Settlements {
  private final Pool pool;

  public Settlements(Pool pool) {
    this.pool = pool;
  }

  /** A channel worth claiming: its newest voucher not above what was charged. */
  public record Candidate(
      BigInteger channelId,
      BigInteger modelId,
      BigInteger claimed,
      long expiresAt,
      BigInteger cumulative,
      byte[] signature,
      String traceParent,
      OffsetDateTime oldest) {}

  /** A channel of a settlement, as claimed: what its transaction carried out of the earnings. */
  public record Claimed(UUID settlementId, BigInteger inTransit) {}

  /** A settlement whose every channel was claimed or skipped. */
  public record Confirmed(
      String txHash, int claimed, int skipped, BigInteger paid, BigInteger fees) {}

  /** A submitted settlement sent a while ago with channels still in flight. */
  public record Open(
      UUID id,
      String reason,
      String txHash,
      long nonce,
      BigInteger gasPrice,
      String raw,
      List<String> hashes) {}

  /** A channel's claim as a settlement sends it. */
  public record Item(BigInteger channelId, BigInteger cumulative, byte[] signature) {}

  /** The transaction-scoped advisory lock {@code key}, if no one holds it. */
  public Uni<Boolean> tryLock(SqlConnection tx, long key) {
    return tx.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked")
        .execute(Tuple.of(key))
        .map(rows -> rows.iterator().next().getBoolean("locked"));
  }

  /** Up to {@code limit} open channels with charges not yet claimed and nothing in flight. */
  public Uni<List<Candidate>> candidates(SqlConnection tx, int limit) {
    return tx.preparedQuery(
            """
            SELECT c.channel_id, c.model_id, c.claimed, c.expires_at, v.cumulative_amount,
                   v.signature, v.trace_parent, o.oldest
            FROM channel c
            JOIN LATERAL (SELECT h.cumulative_amount, h.signature, h.trace_parent FROM charge h
                          WHERE h.channel_id = c.channel_id AND h.cumulative_amount <= c.charged
                            AND h.cumulative_amount > c.claimed
                          ORDER BY h.cumulative_amount DESC LIMIT 1) v ON true
            JOIN LATERAL (SELECT min(h.accepted_at) AS oldest FROM charge h
                          WHERE h.channel_id = c.channel_id AND h.charged_after > c.claimed) o
              ON true
            WHERE c.known AND NOT c.closed AND c.in_flight = 0 AND c.charged > c.claimed
            ORDER BY c.expires_at
            LIMIT $1""")
        .execute(Tuple.of(limit))
        .map(
            rows ->
                Rows.all(
                    rows,
                    r ->
                        new Candidate(
                            big(r.getBigDecimal("channel_id")),
                            big(r.getBigDecimal("model_id")),
                            big(r.getBigDecimal("claimed")),
                            r.getLong("expires_at"),
                            big(r.getBigDecimal("cumulative_amount")),
                            r.getBuffer("signature").getBytes(),
                            r.getString("trace_parent"),
                            r.getOffsetDateTime("oldest"))));
  }

  public Uni<Void> create(SqlConnection tx, UUID id, String reason) {
    return tx.preparedQuery(
            "INSERT INTO settlement (settlement_id, state, reason, created_at)"
                + " VALUES ($1, 'submitted', $2, now())")
        .execute(Tuple.of(id, reason))
        .replaceWithVoid();
  }

  /** Puts a channel's voucher in flight in settlement {@code id}, carrying {@code inTransit}. */
  public Uni<Void> addItem(
      SqlConnection tx, UUID id, BigInteger modelId, Item item, BigInteger inTransit) {
    return tx.preparedQuery(
            "INSERT INTO settlement_item (settlement_id, channel_id, model_id, cumulative_amount,"
                + " signature, state, in_transit) VALUES ($1, $2, $3, $4, $5, 'in-flight', $6)")
        .execute(
            Tuple.from(
                List.of(
                    id,
                    dec(item.channelId()),
                    dec(modelId),
                    dec(item.cumulative()),
                    io.vertx.core.buffer.Buffer.buffer(item.signature()),
                    dec(inTransit))))
        .chain(
            () ->
                tx.preparedQuery("UPDATE channel SET in_flight = $2 WHERE channel_id = $1")
                    .execute(Tuple.of(dec(item.channelId()), dec(item.cumulative()))))
        .replaceWithVoid();
  }

  /** The channels settlement {@code id} claims, by channel. */
  public Uni<List<Item>> items(SqlConnection tx, UUID id) {
    return tx.preparedQuery(
            "SELECT channel_id, cumulative_amount, signature FROM settlement_item"
                + " WHERE settlement_id = $1 ORDER BY channel_id")
        .execute(Tuple.of(id))
        .map(
            rows ->
                Rows.all(
                    rows,
                    r ->
                        new Item(
                            big(r.getBigDecimal("channel_id")),
                            big(r.getBigDecimal("cumulative_amount")),
                            r.getBuffer("signature").getBytes())));
  }

  /**
   * Takes the nonce lock (one signer at a time across replicas): the highest nonce recorded by
   * another settlement, or null.
   */
  public Uni<Long> lockNonces(SqlConnection tx, long key, UUID id) {
    return tx.preparedQuery(
            "SELECT pg_advisory_xact_lock($1), (SELECT max(nonce) FROM settlement"
                + " WHERE settlement_id <> $2) AS open_max")
        .execute(Tuple.of(key, id))
        .map(rows -> rows.iterator().next().getLong("open_max"));
  }

  /** Records a signed transaction of settlement {@code id} as the one it waits for. */
  public Uni<Void> recordTx(
      SqlConnection tx, UUID id, String txHash, long nonce, BigInteger gasPrice, String raw) {
    return tx.preparedQuery(
            "INSERT INTO settlement_tx (tx_hash, settlement_id, nonce, gas_price, raw_tx, sent_at)"
                + " VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(txHash, id, nonce, dec(gasPrice)).addString(raw))
        .chain(
            () ->
                tx.preparedQuery(
                        "UPDATE settlement SET tx_hash = $2, nonce = $3, sent_at = now()"
                            + " WHERE settlement_id = $1")
                    .execute(Tuple.of(id, txHash, nonce)))
        .replaceWithVoid();
  }

  /**
   * Up to 20 submitted settlements sent more than {@code seconds} ago with channels in flight, or
   * x402 transfers not known to be mined.
   */
  public Uni<List<Open>> open(double seconds) {
    return pool.preparedQuery(
            """
            SELECT s.settlement_id, s.reason, t.tx_hash, t.nonce, t.gas_price, t.raw_tx,
                   (SELECT array_agg(x.tx_hash) FROM settlement_tx x
                    WHERE x.settlement_id = s.settlement_id) AS hashes
            FROM settlement s
            JOIN settlement_tx t ON t.settlement_id = s.settlement_id AND t.tx_hash = s.tx_hash
            WHERE s.state = 'submitted' AND s.sent_at < now() - make_interval(secs => $1)
              AND (s.reason IN ('x402', 'x402-batch') OR EXISTS (SELECT 1 FROM settlement_item i
                          WHERE i.settlement_id = s.settlement_id AND i.state = 'in-flight'))
            ORDER BY s.sent_at LIMIT 20""")
        .execute(Tuple.of(seconds))
        .map(
            rows ->
                Rows.all(
                    rows,
                    r ->
                        new Open(
                            r.getUUID("settlement_id"),
                            r.getString("reason"),
                            r.getString("tx_hash"),
                            r.getLong("nonce"),
                            big(r.getBigDecimal("gas_price")),
                            r.getString("raw_tx"),
                            List.of(r.getArrayOfStrings("hashes")))));
  }

  /** Looks at a mined settlement again after the same wait. */
  public Uni<Void> touch(UUID id) {
    return pool.preparedQuery("UPDATE settlement SET sent_at = now() WHERE settlement_id = $1")
        .execute(Tuple.of(id))
        .replaceWithVoid();
  }

  /** Fails a submitted settlement; false when it was confirmed or failed meanwhile. */
  public Uni<Boolean> fail(SqlConnection tx, UUID id, String error) {
    return tx.preparedQuery(
            "UPDATE settlement SET state = 'failed', error = $2"
                + " WHERE settlement_id = $1 AND state = 'submitted' RETURNING 1")
        .execute(Tuple.of(id, error))
        .map(rows -> rows.size() > 0);
  }

  /** Takes a failed settlement's channels out of flight ("not sent"), to be picked again. */
  public Uni<Void> freeChannels(SqlConnection tx, UUID id) {
    return tx.preparedQuery(
            "UPDATE channel SET in_flight = 0 WHERE channel_id IN (SELECT channel_id FROM"
                + " settlement_item WHERE settlement_id = $1 AND state = 'in-flight')")
        .execute(Tuple.of(id))
        .chain(
            () ->
                tx.preparedQuery(
                        "UPDATE settlement_item SET state = 'skipped', skip_reason = 'not sent'"
                            + " WHERE settlement_id = $1 AND state = 'in-flight'")
                    .execute(Tuple.of(id)))
        .replaceWithVoid();
  }

  /** Marks the channel's in-flight items up to {@code cumulative} claimed with what was paid. */
  public Uni<List<Claimed>> claim(
      SqlConnection tx,
      BigInteger channelId,
      BigInteger cumulative,
      BigInteger paid,
      BigInteger fee) {
    return tx.preparedQuery(
            "UPDATE settlement_item SET state = 'claimed', paid = $3, fee = $4 WHERE"
                + " channel_id = $1 AND state = 'in-flight' AND cumulative_amount <= $2"
                + " RETURNING settlement_id, in_transit")
        .execute(Tuple.of(dec(channelId), dec(cumulative), dec(paid), dec(fee)))
        .map(
            rows ->
                Rows.all(
                    rows,
                    r ->
                        new Claimed(
                            r.getUUID("settlement_id"), big(r.getBigDecimal("in_transit")))));
  }

  /** Marks the channel's in-flight items skipped: the settlements they were in. */
  public Uni<List<UUID>> skip(SqlConnection tx, BigInteger channelId, String reason) {
    return tx.preparedQuery(
            "UPDATE settlement_item SET state = 'skipped', skip_reason = $2 WHERE"
                + " channel_id = $1 AND state = 'in-flight' RETURNING settlement_id")
        .execute(Tuple.of(dec(channelId), reason))
        .map(rows -> Rows.all(rows, r -> r.getUUID("settlement_id")));
  }

  /** Takes the channel's voucher out of flight (only one not above {@code upTo}, when given). */
  public Uni<Void> land(SqlConnection tx, BigInteger channelId, BigInteger upTo) {
    return (upTo == null
            ? tx.preparedQuery("UPDATE channel SET in_flight = 0 WHERE channel_id = $1")
                .execute(Tuple.of(dec(channelId)))
            : tx.preparedQuery(
                    "UPDATE channel SET in_flight = 0 WHERE channel_id = $1 AND in_flight <= $2")
                .execute(Tuple.of(dec(channelId), dec(upTo))))
        .replaceWithVoid();
  }

  /** Confirms the settlement when none of its channels is in flight any more. */
  public Uni<Optional<Confirmed>> confirmIfDone(SqlConnection tx, UUID settlement) {
    return tx.preparedQuery(
            """
            UPDATE settlement s SET state = 'confirmed', confirmed_at = now()
            WHERE settlement_id = $1 AND state = 'submitted'
              AND NOT EXISTS (SELECT 1 FROM settlement_item i
                              WHERE i.settlement_id = s.settlement_id AND i.state = 'in-flight')
            RETURNING tx_hash,
              (SELECT count(*) FROM settlement_item i WHERE i.settlement_id = s.settlement_id
                 AND i.state = 'claimed') AS claimed,
              (SELECT count(*) FROM settlement_item i WHERE i.settlement_id = s.settlement_id
                 AND i.state = 'skipped') AS skipped,
              (SELECT COALESCE(sum(paid), 0) FROM settlement_item i
                 WHERE i.settlement_id = s.settlement_id) AS paid,
              (SELECT COALESCE(sum(fee), 0) FROM settlement_item i
                 WHERE i.settlement_id = s.settlement_id) AS fees""")
        .execute(Tuple.of(settlement))
        .map(
            rows ->
                Rows.first(
                    rows,
                    r ->
                        new Confirmed(
                            r.getString("tx_hash"),
                            r.getLong("claimed").intValue(),
                            r.getLong("skipped").intValue(),
                            big(r.getBigDecimal("paid")),
                            big(r.getBigDecimal("fees")))));
  }
}
