package io.soa.payment.service;

import io.smallrye.mutiny.Uni;
import io.soa.events.chain.ChannelClaimed;
import io.soa.events.chain.ClaimSkipped;
import io.soa.events.payments.SettlementConfirmed;
import io.soa.payment.config.PaymentConfig;
import io.soa.payment.domain.Accounts;
import io.soa.payment.repository.PaymentStore;
import io.soa.platform.outbox.Outbox;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What the indexer's claim events mean for settlement and the ledger, applied in the mirror's
 * transaction. A {@code ChannelClaimed} books the claim: what the model earned goes to the payee it
 * paid, less the platform's fee (three postings summing to zero), and the channel's voucher in
 * flight is confirmed. A {@code ClaimSkipped} frees the channel for the next round. A settlement
 * whose every channel is confirmed or skipped is confirmed. Retractions post the reverse entry.
 */
@ApplicationScoped
public class Confirmations {
  private final PaymentStore store;
  private final Outbox outbox;
  private final PaymentConfig config;

  public Confirmations(PaymentStore store, Outbox outbox, PaymentConfig config) {
    this.store = store;
    this.outbox = outbox;
    this.config = config;
  }

  /** Ledger entry of a claim event: derived from its id, so a retraction can reverse it. */
  static UUID entryOf(String eventId) {
    return UUID.nameUUIDFromBytes(
        ("claim|" + eventId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  Uni<Void> claimed(SqlConnection tx, String eventId, ChannelClaimed c) {
    BigInteger paid = new BigInteger(c.paid());
    BigInteger fee = new BigInteger(c.fee());
    BigInteger channel = new BigInteger(c.channelId());
    return tx.preparedQuery(
            "UPDATE settlement_item SET state = 'claimed', paid = $3, fee = $4 WHERE"
                + " channel_id = $1 AND state = 'in-flight' AND cumulative_amount <= $2"
                + " RETURNING settlement_id, in_transit")
        .execute(
            Tuple.of(
                PaymentStore.dec(channel),
                PaymentStore.dec(new BigInteger(c.cumulativeAmount())),
                PaymentStore.dec(paid),
                PaymentStore.dec(fee)))
        .flatMap(
            rows -> {
              BigInteger transit = BigInteger.ZERO;
              for (Row r : rows) {
                transit = transit.add(PaymentStore.big(r.getBigDecimal("in_transit")));
              }
              // what its transaction carried leaves transit; any difference to what the chain
              // paid (a claim made elsewhere meanwhile) comes from, or goes back to, the earnings
              List<PaymentStore.Posting> postings = new java.util.ArrayList<>();
              postings.add(new PaymentStore.Posting(Accounts.IN_TRANSIT, transit.negate()));
              postings.add(
                  new PaymentStore.Posting(
                      Accounts.earned(new BigInteger(c.modelId())), transit.subtract(paid)));
              postings.add(
                  new PaymentStore.Posting(
                      Accounts.paid(c.payee().toLowerCase(Locale.ROOT)), paid.subtract(fee)));
              postings.add(new PaymentStore.Posting(Accounts.FEES, fee));
              List<PaymentStore.Posting> nonZero =
                  postings.stream().filter(p -> p.amount().signum() != 0).toList();
              Uni<Void> ledger =
                  nonZero.isEmpty()
                      ? Uni.createFrom().voidItem()
                      : store.post(tx, entryOf(eventId), nonZero);
              return ledger
                  .chain(
                      () ->
                          tx.preparedQuery(
                                  "UPDATE channel SET in_flight = 0 WHERE channel_id = $1 AND"
                                      + " in_flight <= $2")
                              .execute(
                                  Tuple.of(
                                      PaymentStore.dec(channel),
                                      PaymentStore.dec(new BigInteger(c.cumulativeAmount())))))
                  .chain(() -> confirmDone(tx, rows));
            });
  }

  Uni<Void> skipped(SqlConnection tx, ClaimSkipped s) {
    BigInteger channel = new BigInteger(s.channelId());
    return store
        .returnInTransit(tx, "i.channel_id = $1", PaymentStore.dec(channel))
        .chain(
            () ->
                tx.preparedQuery(
                        "UPDATE settlement_item SET state = 'skipped', skip_reason = $2 WHERE"
                            + " channel_id = $1 AND state = 'in-flight' RETURNING settlement_id")
                    .execute(Tuple.of(PaymentStore.dec(channel), s.reason())))
        .flatMap(
            rows ->
                tx.preparedQuery("UPDATE channel SET in_flight = 0 WHERE channel_id = $1")
                    .execute(Tuple.of(PaymentStore.dec(channel)))
                    .chain(() -> confirmDone(tx, rows)));
  }

  /**
   * The reverse of a retracted claim's entry, with what it took out of transit going back to the
   * model's earnings; its channel is claimed again by a later round.
   */
  Uni<Void> unclaimed(SqlConnection tx, String eventId, String channelId) {
    UUID entry = entryOf(eventId);
    return tx.preparedQuery(
            "INSERT INTO posting (entry_id, account, amount, posted_at) SELECT $2, CASE WHEN"
                + " account = '"
                + Accounts.IN_TRANSIT
                + "' THEN (SELECT 'model:' || model_id || ':earned' FROM channel WHERE channel_id ="
                + " $3) ELSE account END, -amount, now() FROM posting WHERE entry_id = $1")
        .execute(
            Tuple.of(
                entry, entryOf(eventId + ":reversed"), PaymentStore.dec(new BigInteger(channelId))))
        .chain(
            () ->
                tx.preparedQuery("UPDATE channel SET in_flight = 0 WHERE channel_id = $1")
                    .execute(Tuple.of(PaymentStore.dec(new BigInteger(channelId)))))
        .replaceWithVoid();
  }

  private Uni<Void> confirmDone(SqlConnection tx, io.vertx.mutiny.sqlclient.RowSet<Row> touched) {
    Uni<Void> out = Uni.createFrom().voidItem();
    for (Row r : touched) {
      UUID id = r.getUUID("settlement_id");
      out = out.chain(() -> confirmIfDone(tx, id));
    }
    return out;
  }

  private Uni<Void> confirmIfDone(SqlConnection tx, UUID settlement) {
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
        .flatMap(
            rows -> {
              if (rows.size() == 0) {
                return Uni.createFrom().voidItem();
              }
              Row r = rows.iterator().next();
              return outbox.add(
                  tx,
                  settlement + ":confirmed",
                  new SettlementConfirmed(
                      settlement.toString(),
                      config.chainId(),
                      r.getString("tx_hash") == null
                          ? "0x" + "0".repeat(64)
                          : r.getString("tx_hash"),
                      r.getLong("claimed").intValue(),
                      r.getLong("skipped").intValue(),
                      r.getBigDecimal("paid").toBigIntegerExact().toString(),
                      r.getBigDecimal("fees").toBigIntegerExact().toString(),
                      PaymentStore.now().toString()));
            });
  }
}
