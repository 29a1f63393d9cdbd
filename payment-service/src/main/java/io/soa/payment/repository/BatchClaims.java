package io.soa.payment.repository;

import static io.soa.payment.repository.PaymentStore.big;
import static io.soa.payment.repository.PaymentStore.dec;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;

/**
 * The chain's word on an x402 channel's claims (the indexer's {@code X402Claimed}), beside the
 * receipts of our own claim rounds: a claim the mirror has not counted yet (one mined again after a
 * reorg, or seen before its receipt) raises what the channel has claimed and moves the difference
 * from its payee's owed to settled; the retraction of a claim still counted takes it back, so a
 * later round claims it again. Each runs under the channel's row lock, as the receipt's update
 * does, so one claim is booked once whichever path sees it first.
 */
@ApplicationScoped
public class BatchClaims {
  /**
   * Applies the claim of event {@code eventId} that brought {@code channelId} to {@code after}:
   * true when the channel is one of ours.
   */
  public Uni<Boolean> claimed(
      SqlConnection tx, String eventId, String channelId, BigInteger after) {
    return claimedNow(tx, channelId)
        .flatMap(
            now -> {
              if (now == null) {
                return Uni.createFrom().item(false);
              }
              if (now.compareTo(after) >= 0) {
                return Uni.createFrom().item(true); // counted already (its receipt came first)
              }
              return move(tx, "x402-claimed|" + eventId, channelId, after.subtract(now), "owed")
                  .chain(() -> set(tx, channelId, after))
                  .replaceWith(true);
            });
  }

  /**
   * Takes back the retracted claim that brought {@code channelId} from {@code before} to {@code
   * after}, if the channel still counts it.
   */
  public Uni<Void> unclaimed(
      SqlConnection tx, String eventId, String channelId, BigInteger before, BigInteger after) {
    return claimedNow(tx, channelId)
        .flatMap(
            now ->
                now == null || now.compareTo(after) != 0 || before.compareTo(after) >= 0
                    ? Uni.createFrom().voidItem()
                    : move(
                            tx,
                            "x402-unclaimed|" + eventId,
                            channelId,
                            after.subtract(before),
                            "settled")
                        .chain(() -> set(tx, channelId, before)));
  }

  /** What the channel has claimed as kept here, locked; null when it is not ours. */
  private static Uni<BigInteger> claimedNow(SqlConnection tx, String channelId) {
    return tx.preparedQuery(
            "SELECT total_claimed FROM x402_channel WHERE channel_id = $1 FOR UPDATE")
        .execute(Tuple.of(channelId))
        .map(rows -> rows.size() == 0 ? null : big(rows.iterator().next().getBigDecimal(0)));
  }

  private static Uni<Void> set(SqlConnection tx, String channelId, BigInteger total) {
    return tx.preparedQuery("UPDATE x402_channel SET total_claimed = $2 WHERE channel_id = $1")
        .execute(Tuple.of(channelId, dec(total)))
        .replaceWithVoid();
  }

  /**
   * Moves {@code amount} of the channel's payee from {@code from} (owed or settled) to the other.
   */
  private static Uni<Void> move(
      SqlConnection tx, String entry, String channelId, BigInteger amount, String from) {
    String to = "owed".equals(from) ? "settled" : "owed";
    return tx.preparedQuery(
            """
            INSERT INTO posting (entry_id, account, amount, posted_at)
            SELECT md5($1)::uuid, a.account, a.amount, now()
            FROM x402_channel c, LATERAL (VALUES ('payee:' || c.receiver || ':' || $3, -$5::numeric),
                 ('payee:' || c.receiver || ':' || $4, $5::numeric)) AS a(account, amount)
            WHERE c.channel_id = $2""")
        .execute(Tuple.of(entry, channelId, from, to, dec(amount)))
        .replaceWithVoid();
  }
}
