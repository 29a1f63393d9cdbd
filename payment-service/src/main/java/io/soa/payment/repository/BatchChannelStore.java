package io.soa.payment.repository;

import static io.soa.payment.repository.PaymentStore.big;
import static io.soa.payment.repository.PaymentStore.dec;

import io.smallrye.mutiny.Uni;
import io.soa.contracts.BatchChannels.Config;
import io.soa.payment.service.TokenReads.ChannelOnChain;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.web3j.utils.Numeric;

/**
 * x402 batch-settlement channels: their state as the resource server keeps it, the hold a request
 * takes on its channel from check to charge, the charges, and the chain transactions of channels.
 */
@ApplicationScoped
public class BatchChannelStore {
  private static final String COLUMNS =
      "channel_id, payer, payer_authorizer, receiver, receiver_authorizer, token, withdraw_delay,"
          + " salt, balance, total_claimed, withdraw_requested_at, refund_nonce, synced_at,"
          + " charged, signed_max, signature, busy_request, busy_until < now() AS busy_expired";

  private final Pool pool;
  private final BatchLedger ledger;

  public BatchChannelStore(Pool pool, BatchLedger ledger) {
    this.pool = pool;
    this.ledger = ledger;
  }

  /** A channel as kept here; {@code busy} names the request holding it, null when free. */
  public record Channel(
      String id,
      Config config,
      BigInteger balance,
      BigInteger totalClaimed,
      long withdrawRequestedAt,
      BigInteger refundNonce,
      BigInteger charged,
      BigInteger signedMax,
      String signature,
      String busy) {}

  /** A claim of one channel: its latest voucher and what was charged of it. */
  public record ClaimRow(
      Config config, BigInteger signedMax, String signature, BigInteger charged) {}

  public Uni<Optional<Channel>> find(String id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM x402_channel WHERE channel_id = $1")
        .execute(Tuple.of(id))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(channel(rows.iterator().next())));
  }

  /** Locks channel {@code id} in {@code tx}; empty when this service never saw it. */
  public Uni<Optional<Channel>> lock(SqlConnection tx, String id) {
    return tx.preparedQuery(
            "SELECT " + COLUMNS + " FROM x402_channel WHERE channel_id = $1 FOR UPDATE")
        .execute(Tuple.of(id))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(channel(rows.iterator().next())));
  }

  /**
   * Records the chain's view of channel {@code id}: a channel seen for the first time starts with
   * what the chain says was claimed as charged (a server that lost its state forfeits the rest).
   */
  public Uni<Void> synced(SqlConnection tx, String id, Config c, ChannelOnChain chain) {
    return tx.preparedQuery(
            """
            INSERT INTO x402_channel (channel_id, payer, payer_authorizer, receiver,
                receiver_authorizer, token, withdraw_delay, salt, balance, total_claimed,
                withdraw_requested_at, refund_nonce, synced_at, charged, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now(), $10, now())
            ON CONFLICT (channel_id) DO UPDATE SET balance = $9, total_claimed = $10,
                withdraw_requested_at = $11, refund_nonce = $12, synced_at = now(),
                charged = GREATEST(x402_channel.charged, $10)""")
        .execute(
            Tuple.tuple()
                .addString(id)
                .addString(c.payer())
                .addString(c.payerAuthorizer())
                .addString(c.receiver())
                .addString(c.receiverAuthorizer())
                .addString(c.token())
                .addLong(c.withdrawDelay())
                .addString(Numeric.toHexString(c.salt()))
                .addValue(dec(chain.balance()))
                .addValue(dec(chain.totalClaimed()))
                .addLong(chain.withdrawRequestedAt())
                .addValue(dec(chain.refundNonce())))
        .replaceWithVoid();
  }

  /** Holds channel {@code id} for {@code request}, which pays up to {@code max} by {@code sig}. */
  public Uni<Void> hold(
      SqlConnection tx, String id, String request, BigInteger max, String sig, Duration lease) {
    return tx.preparedQuery(
            "UPDATE x402_channel SET busy_request = $2, busy_max = $3, busy_signature = $4,"
                + " busy_until = now() + make_interval(secs => $5) WHERE channel_id = $1")
        .execute(Tuple.of(id, request, dec(max), sig).addDouble(lease.toMillis() / 1000.0))
        .replaceWithVoid();
  }

  /**
   * Charges the call {@code request} holding channel {@code id}: {@code amount} more charged, its
   * voucher the channel's latest; empty when the request does not hold it (any more) or the charge
   * would pass what it signed.
   */
  public Uni<Optional<Channel>> charge(String id, String request, BigInteger amount) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    """
                    UPDATE x402_channel SET charged = charged + $3, signed_max = busy_max,
                        signature = busy_signature, busy_request = NULL, busy_max = NULL,
                        busy_signature = NULL, busy_until = NULL
                    WHERE channel_id = $1 AND busy_request = $2 AND charged + $3 <= busy_max
                    RETURNING charged""")
                .execute(Tuple.of(id, request, dec(amount)))
                .flatMap(
                    rows -> {
                      if (rows.size() == 0) {
                        return Uni.createFrom().item(Optional.<Channel>empty());
                      }
                      BigInteger after = big(rows.iterator().next().getBigDecimal("charged"));
                      return tx.preparedQuery(
                              "INSERT INTO x402_channel_charge (channel_id, cumulative, amount,"
                                  + " request_id, created_at) VALUES ($1, $2, $3, $4, now())")
                          .execute(Tuple.of(id, dec(after), dec(amount), request))
                          .chain(() -> ledger.charged(tx, id, after, amount))
                          .flatMap(x -> lock(tx, id));
                    }));
  }

  /** Lets go of channel {@code id} if {@code request} holds it (its call was not answered). */
  public Uni<Void> release(String id, String request) {
    return pool.preparedQuery(
            "UPDATE x402_channel SET busy_request = NULL, busy_max = NULL, busy_signature = NULL,"
                + " busy_until = NULL WHERE channel_id = $1 AND busy_request = $2")
        .execute(Tuple.of(id, request))
        .replaceWithVoid();
  }

  // ---- chain transactions ----

  /**
   * Records a chain transaction of channels as settlement {@code sid} (reason x402-batch); false
   * when {@code authKey} (a deposit's payer and ERC-3009 nonce) was recorded before.
   */
  public Uni<Boolean> recordTx(
      SqlConnection tx, UUID sid, String kind, String channel, BigInteger amount, String authKey) {
    return tx.preparedQuery(
            "INSERT INTO settlement (settlement_id, state, reason, created_at)"
                + " VALUES ($1, 'submitted', 'x402-batch', now()) ON CONFLICT DO NOTHING"
                + " RETURNING 1")
        .execute(Tuple.of(sid))
        .flatMap(
            rows ->
                rows.size() == 0
                    ? Uni.createFrom().item(false)
                    : tx.preparedQuery(
                            "INSERT INTO x402_channel_tx (settlement_id, kind, channel_id, amount,"
                                + " auth_key, created_at) VALUES ($1, $2, $3, $4, $5, now())"
                                + " ON CONFLICT DO NOTHING RETURNING 1")
                        .execute(
                            Tuple.of(sid, kind, channel, amount == null ? null : dec(amount))
                                .addString(authKey))
                        .map(r -> r.size() > 0));
  }

  public Uni<Void> claimItems(SqlConnection tx, UUID sid, List<String> ids, List<BigInteger> to) {
    List<Tuple> batch = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      batch.add(Tuple.of(sid, ids.get(i), dec(to.get(i))));
    }
    return tx.preparedQuery(
            "INSERT INTO x402_claim_item (settlement_id, channel_id, total_claimed)"
                + " VALUES ($1, $2, $3)")
        .executeBatch(batch)
        .replaceWithVoid();
  }

  /** Channels charged beyond what was claimed, with no claim on its way. */
  public Uni<List<ClaimRow>> toClaim(int limit) {
    return pool.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM x402_channel c WHERE charged > total_claimed AND NOT EXISTS (SELECT 1"
                + " FROM x402_claim_item i JOIN settlement s USING (settlement_id)"
                + " WHERE i.channel_id = c.channel_id AND s.state = 'submitted')"
                + " ORDER BY channel_id LIMIT $1")
        .execute(Tuple.of(limit))
        .map(
            rows -> {
              List<ClaimRow> out = new ArrayList<>();
              for (Row r : rows) {
                Channel c = channel(r);
                out.add(new ClaimRow(c.config(), c.signedMax(), c.signature(), c.charged()));
              }
              return out;
            });
  }

  /**
   * A mined transaction of channels: the settlement is confirmed once, and a claim's totals are
   * applied to the channels' mirror (balances are read from the chain at each request); false when
   * it was confirmed before.
   */
  public Uni<Boolean> confirmed(UUID sid, String txHash) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "UPDATE settlement SET state = 'confirmed', confirmed_at = now(), tx_hash = $2"
                        + " WHERE settlement_id = $1 AND state = 'submitted' RETURNING 1")
                .execute(Tuple.of(sid, txHash))
                .flatMap(
                    rows ->
                        rows.size() == 0
                            ? Uni.createFrom().item(false)
                            : lockClaimed(tx, sid)
                                .chain(() -> ledger.mined(tx, sid))
                                .chain(
                                    () ->
                                        tx.preparedQuery(
                                                """
                                    UPDATE x402_channel c SET total_claimed =
                                        GREATEST(c.total_claimed, i.total_claimed)
                                    FROM x402_claim_item i
                                    WHERE i.settlement_id = $1 AND c.channel_id = i.channel_id""")
                                            .execute(Tuple.of(sid)))
                                .replaceWith(true)));
  }

  /** Its channels' rows, in one order, so that the chain's word on a claim waits for this. */
  private static Uni<Void> lockClaimed(SqlConnection tx, UUID sid) {
    return tx.preparedQuery(
            "SELECT 1 FROM x402_channel WHERE channel_id IN (SELECT channel_id FROM x402_claim_item"
                + " WHERE settlement_id = $1) ORDER BY channel_id FOR UPDATE")
        .execute(Tuple.of(sid))
        .replaceWithVoid();
  }

  /**
   * An x402 channel's books: what its calls were charged, what claims put on chain, and what the
   * ledger says it holds (mined deposits less charges and refunds).
   */
  public record Totals(
      String channelId,
      String payee,
      BigInteger charges,
      BigInteger charged,
      BigInteger claimed,
      BigInteger held) {}

  public Uni<List<Totals>> totals() {
    return pool.query(
            """
            SELECT c.channel_id, c.receiver, c.charged, c.total_claimed,
                   (SELECT coalesce(sum(h.amount), 0) FROM x402_channel_charge h
                    WHERE h.channel_id = c.channel_id) AS charges,
                   (SELECT coalesce(sum(p.amount), 0) FROM posting p
                    WHERE p.account = 'x402channel:' || c.channel_id) AS held
            FROM x402_channel c ORDER BY c.created_at""")
        .execute()
        .map(
            rows -> {
              List<Totals> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new Totals(
                        r.getString("channel_id"),
                        r.getString("receiver"),
                        big(r.getBigDecimal("charges")),
                        big(r.getBigDecimal("charged")),
                        big(r.getBigDecimal("total_claimed")),
                        big(r.getBigDecimal("held"))));
              }
              return out;
            });
  }

  private static Channel channel(Row r) {
    Config c =
        new Config(
            r.getString("payer"),
            r.getString("payer_authorizer"),
            r.getString("receiver"),
            r.getString("receiver_authorizer"),
            r.getString("token"),
            r.getLong("withdraw_delay"),
            Numeric.hexStringToByteArray(r.getString("salt")));
    Boolean expired = r.getBoolean("busy_expired");
    String busy = expired == null || expired ? null : r.getString("busy_request");
    return new Channel(
        r.getString("channel_id"),
        c,
        big(r.getBigDecimal("balance")),
        big(r.getBigDecimal("total_claimed")),
        r.getLong("withdraw_requested_at"),
        big(r.getBigDecimal("refund_nonce")),
        big(r.getBigDecimal("charged")),
        big(r.getBigDecimal("signed_max")),
        r.getString("signature"),
        busy);
  }
}
