package io.soa.payment.repository;

import static io.soa.payment.repository.PaymentStore.dec;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.UUID;

/**
 * x402 channels in the double-entry ledger, beside the escrow's: a mined deposit moves it from what
 * its payer holds in x402 channels ({@code payer:<address>:x402}) to the channel ({@code
 * x402channel:<id>}); a charge moves the price from the channel to what its payee is owed ({@code
 * payee:<address>:owed}); a mined claim round moves what it claimed from owed to settled (it
 * settles in the same transaction); a mined refund moves the amount back to the payer. Each entry's
 * id is fixed by what it records, so recording twice posts once; every entry sums to zero.
 */
@ApplicationScoped
public class BatchLedger {
  /** The charge of {@code channelId} that brought it to {@code cumulative}. */
  public Uni<Void> charged(
      SqlConnection tx, String channelId, BigInteger cumulative, BigInteger amount) {
    return tx.preparedQuery(
            """
            INSERT INTO posting (entry_id, account, amount, posted_at)
            SELECT md5('x402-charge|' || c.channel_id || '|' || $2)::uuid, a.account, a.amount,
                   now()
            FROM x402_channel c, LATERAL (VALUES ('x402channel:' || c.channel_id, -$3::numeric),
                 ('payee:' || c.receiver || ':owed', $3::numeric)) AS a(account, amount)
            WHERE c.channel_id = $1""")
        .execute(Tuple.of(channelId, cumulative.toString(), dec(amount)))
        .replaceWithVoid();
  }

  /**
   * What the mined settlement {@code sid} of channels did: its deposit, its refund, its claims
   * (against what was claimed before it, so call this before the claims are applied).
   */
  public Uni<Void> mined(SqlConnection tx, UUID sid) {
    return tx.preparedQuery(
            """
            INSERT INTO posting (entry_id, account, amount, posted_at)
            SELECT md5('x402-' || t.kind || '|' || t.settlement_id)::uuid, a.account, a.amount,
                   now()
            FROM x402_channel_tx t JOIN x402_channel c USING (channel_id),
                 LATERAL (VALUES
                   ('payer:' || c.payer || ':x402',
                    CASE t.kind WHEN 'deposit' THEN -t.amount ELSE t.amount END),
                   ('x402channel:' || c.channel_id,
                    CASE t.kind WHEN 'deposit' THEN t.amount ELSE -t.amount END))
                 AS a(account, amount)
            WHERE t.settlement_id = $1 AND t.kind IN ('deposit', 'refund') AND t.amount > 0
              AND NOT EXISTS (SELECT 1 FROM posting p
                              WHERE p.entry_id = md5('x402-' || t.kind || '|' || t.settlement_id)::uuid)""")
        .execute(Tuple.of(sid))
        .chain(
            () ->
                tx.preparedQuery(
                        """
                        INSERT INTO posting (entry_id, account, amount, posted_at)
                        SELECT md5('x402-claim|' || i.settlement_id || '|' || i.channel_id)::uuid,
                               a.account, a.amount, now()
                        FROM x402_claim_item i JOIN x402_channel c USING (channel_id),
                             LATERAL (VALUES
                               ('payee:' || c.receiver || ':owed', c.total_claimed - i.total_claimed),
                               ('payee:' || c.receiver || ':settled', i.total_claimed - c.total_claimed))
                             AS a(account, amount)
                        WHERE i.settlement_id = $1 AND i.total_claimed > c.total_claimed""")
                    .execute(Tuple.of(sid)))
        .replaceWithVoid();
  }
}
