package io.soa.payment.service;

import io.smallrye.mutiny.Uni;
import io.soa.events.chain.ChannelClaimed;
import io.soa.events.chain.ClaimSkipped;
import io.soa.events.payments.SettlementConfirmed;
import io.soa.payment.config.PaymentConfig;
import io.soa.payment.domain.Accounts;
import io.soa.payment.repository.Ledger;
import io.soa.payment.repository.PaymentStore;
import io.soa.payment.repository.Settlements;
import io.soa.platform.outbox.Outbox;
import io.vertx.mutiny.sqlclient.SqlConnection;
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
  private final Ledger ledger;
  private final Settlements settlements;
  private final Outbox outbox;
  private final PaymentConfig config;

  public Confirmations(
      Ledger ledger, Settlements settlements, Outbox outbox, PaymentConfig config) {
    this.ledger = ledger;
    this.settlements = settlements;
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
    BigInteger cumulative = new BigInteger(c.cumulativeAmount());
    return settlements
        .claim(tx, channel, cumulative, paid, fee)
        .flatMap(
            items -> {
              BigInteger transit = BigInteger.ZERO;
              for (Settlements.Claimed i : items) {
                transit = transit.add(i.inTransit());
              }
              // what its transaction carried leaves transit; any difference to what the chain
              // paid (a claim made elsewhere meanwhile) comes from, or goes back to, the earnings
              List<Ledger.Posting> postings = new java.util.ArrayList<>();
              postings.add(new Ledger.Posting(Accounts.IN_TRANSIT, transit.negate()));
              postings.add(
                  new Ledger.Posting(
                      Accounts.earned(new BigInteger(c.modelId())), transit.subtract(paid)));
              postings.add(
                  new Ledger.Posting(
                      Accounts.paid(c.payee().toLowerCase(Locale.ROOT)), paid.subtract(fee)));
              postings.add(new Ledger.Posting(Accounts.FEES, fee));
              List<Ledger.Posting> nonZero =
                  postings.stream().filter(p -> p.amount().signum() != 0).toList();
              Uni<Void> booked =
                  nonZero.isEmpty()
                      ? Uni.createFrom().voidItem()
                      : ledger.post(tx, entryOf(eventId), nonZero);
              return booked
                  .chain(() -> settlements.land(tx, channel, cumulative))
                  .chain(
                      () ->
                          confirmDone(
                              tx, items.stream().map(Settlements.Claimed::settlementId).toList()));
            });
  }

  Uni<Void> skipped(SqlConnection tx, ClaimSkipped s) {
    BigInteger channel = new BigInteger(s.channelId());
    return ledger
        .returnInTransit(tx, "i.channel_id = $1", PaymentStore.dec(channel))
        .chain(() -> settlements.skip(tx, channel, s.reason()))
        .flatMap(ids -> settlements.land(tx, channel, null).chain(() -> confirmDone(tx, ids)));
  }

  /**
   * The reverse of a retracted claim's entry, with what it took out of transit going back to the
   * model's earnings; its channel is claimed again by a later round.
   */
  Uni<Void> unclaimed(SqlConnection tx, String eventId, String channelId) {
    BigInteger channel = new BigInteger(channelId);
    return ledger
        .reverseClaim(tx, entryOf(eventId), entryOf(eventId + ":reversed"), channel)
        .chain(() -> settlements.land(tx, channel, null));
  }

  private Uni<Void> confirmDone(SqlConnection tx, List<UUID> touched) {
    Uni<Void> out = Uni.createFrom().voidItem();
    for (UUID id : touched) {
      out = out.chain(() -> confirmIfDone(tx, id));
    }
    return out;
  }

  private Uni<Void> confirmIfDone(SqlConnection tx, UUID settlement) {
    return settlements
        .confirmIfDone(tx, settlement)
        .flatMap(
            done ->
                done.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : outbox.add(
                        tx,
                        settlement + ":confirmed",
                        new SettlementConfirmed(
                            settlement.toString(),
                            config.chainId(),
                            done.get().txHash() == null
                                ? "0x" + "0".repeat(64)
                                : done.get().txHash(),
                            done.get().claimed(),
                            done.get().skipped(),
                            done.get().paid().toString(),
                            done.get().fees().toString(),
                            PaymentStore.now().toString())));
  }
}
