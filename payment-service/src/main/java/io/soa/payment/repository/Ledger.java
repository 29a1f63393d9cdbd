package io.soa.payment.repository;

import static io.soa.payment.repository.PaymentStore.big;
import static io.soa.payment.repository.PaymentStore.dec;
import static io.soa.payment.repository.PaymentStore.now;

import io.smallrye.mutiny.Uni;
import io.soa.payment.domain.Accounts;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The double-entry ledger: postings appended in entries that sum to zero, never updated; a
 * correction is a reverse entry. A charge's own postings are written with it ({@link
 * PaymentStore#insertWithEntries}).
 */
@ApplicationScoped
public class Ledger {
  private final Pool pool;

  public Ledger(Pool pool) {
    this.pool = pool;
  }

  /**
   * One ledger entry moving {@code amount} from {@code from} to {@code to}: two postings that sum
   * to zero, appended, never updated.
   */
  public Uni<Void> post(SqlConnection tx, UUID entryId, String from, String to, BigInteger amount) {
    OffsetDateTime now = now();
    return tx.preparedQuery(
            "INSERT INTO posting (entry_id, account, amount, posted_at) VALUES ($1, $2, $3, $5),"
                + " ($1, $4, $6, $5)")
        .execute(Tuple.from(List.of(entryId, from, dec(amount.negate()), to, now, dec(amount))))
        .replaceWithVoid();
  }

  /** Posts the reverse of entry {@code entry}, if it was posted: a correction, never an update. */
  public Uni<Void> reverse(SqlConnection tx, UUID entry) {
    return tx.preparedQuery(
            "INSERT INTO posting (entry_id, account, amount, posted_at)"
                + " SELECT $2, account, -amount, now() FROM posting WHERE entry_id = $1")
        .execute(
            Tuple.of(
                entry,
                UUID.nameUUIDFromBytes(
                    ("undo|" + entry).getBytes(java.nio.charset.StandardCharsets.UTF_8))))
        .replaceWithVoid();
  }

  /** One posting of an entry. */
  public record Posting(String account, BigInteger amount) {}

  /** One ledger entry of any number of postings; refused unless they sum to zero. */
  public Uni<Void> post(SqlConnection tx, UUID entryId, List<Posting> postings) {
    BigInteger sum =
        postings.stream().map(Posting::amount).reduce(BigInteger.ZERO, BigInteger::add);
    if (sum.signum() != 0) {
      throw new IllegalStateException("entry " + entryId + " does not balance: " + postings);
    }
    OffsetDateTime now = now();
    return tx.preparedQuery(
            "INSERT INTO posting (entry_id, account, amount, posted_at) VALUES ($1, $2, $3, $4)")
        .executeBatch(
            postings.stream()
                .map(p -> Tuple.of(entryId, p.account(), dec(p.amount()), now))
                .toList())
        .replaceWithVoid();
  }

  /**
   * Moves what the in-flight items selected by {@code where} (over {@code settlement_item i}, with
   * parameter $1) carry back from settlement in transit to their model's earnings: one entry per
   * item, its id fixed by the item, so doing it twice posts once.
   */
  public Uni<Void> returnInTransit(SqlConnection tx, String where, Object param) {
    return tx.preparedQuery(
            "INSERT INTO posting (entry_id, account, amount, posted_at)"
                + " SELECT md5('back|' || i.settlement_id || '|' || i.channel_id)::uuid,"
                + " a.account, a.amount, now() FROM settlement_item i, LATERAL (VALUES ('"
                + Accounts.IN_TRANSIT
                + "', -i.in_transit), ('model:' || i.model_id || ':earned', i.in_transit))"
                + " AS a(account, amount) WHERE i.state = 'in-flight' AND i.in_transit > 0"
                + " AND NOT EXISTS (SELECT 1 FROM posting p WHERE p.entry_id ="
                + " md5('back|' || i.settlement_id || '|' || i.channel_id)::uuid) AND "
                + where)
        .execute(Tuple.of(param))
        .replaceWithVoid();
  }

  /**
   * Posts the reverse of a claim's entry as {@code reversed}, what it took out of transit going
   * back to the model's earnings (the channel's model).
   */
  public Uni<Void> reverseClaim(SqlConnection tx, UUID entry, UUID reversed, BigInteger channelId) {
    return tx.preparedQuery(
            "INSERT INTO posting (entry_id, account, amount, posted_at) SELECT $2, CASE WHEN"
                + " account = '"
                + Accounts.IN_TRANSIT
                + "' THEN (SELECT 'model:' || model_id || ':earned' FROM channel WHERE channel_id ="
                + " $3) ELSE account END, -amount, now() FROM posting WHERE entry_id = $1")
        .execute(Tuple.of(entry, reversed, dec(channelId)))
        .replaceWithVoid();
  }

  /** Where an account stands: the sum of its postings. */
  public Uni<BigInteger> balance(String account) {
    return pool.preparedQuery(
            "SELECT COALESCE(SUM(amount), 0) AS b FROM posting WHERE account = $1")
        .execute(Tuple.of(account))
        .map(rows -> big(rows.iterator().next().getBigDecimal("b")));
  }
}
