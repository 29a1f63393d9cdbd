package io.soa.payment.repository;

import static io.soa.payment.repository.PaymentStore.dec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.soa.events.EventCodec;
import io.soa.events.chain.ChannelOpened;
import io.soa.platform.persistence.Rows;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The chain's side of each channel (who pays and signs, deposit, expiry, claimed, closed), written
 * by the chain mirror in its event's transaction. A channel's fields before an event are kept as a
 * JSON snapshot, so a retraction restores exactly them.
 */
@ApplicationScoped
public class ChannelMirrorStore {

  /** A channel's chain fields, and their snapshot as the undo record keeps it. */
  public record ChainFields(boolean known, String payer, BigInteger deposit, String snapshot) {}

  /** The channel's chain fields, locked by the update that follows; empty when not seen yet. */
  public Uni<Optional<ChainFields>> fields(SqlConnection tx, BigInteger channelId) {
    return tx.preparedQuery(
            "SELECT known, payer, signer, model_id, deposit, expires_at, claimed, closed"
                + " FROM channel WHERE channel_id = $1")
        .execute(Tuple.of(dec(channelId)))
        .map(
            rows ->
                Rows.first(
                    rows,
                    r ->
                        new ChainFields(
                            r.getBoolean("known"),
                            r.getString("payer"),
                            r.getBigDecimal("deposit").toBigIntegerExact(),
                            snapshot(r))));
  }

  public Uni<Void> opened(SqlConnection tx, ChannelOpened o) {
    return exec(
        tx,
        "INSERT INTO channel (channel_id, known, payer, signer, model_id, deposit, expires_at)"
            + " VALUES ($1, true, $2, $3, $4, $5, $6) ON CONFLICT (channel_id) DO UPDATE SET"
            + " known = true, payer = $2, signer = $3, model_id = $4, deposit = $5,"
            + " expires_at = $6",
        Tuple.from(
            Arrays.asList(
                dec(new BigInteger(o.channelId())),
                o.payer().toLowerCase(Locale.ROOT),
                o.signer().toLowerCase(Locale.ROOT),
                dec(new BigInteger(o.modelId())),
                dec(new BigInteger(o.deposit())),
                Long.parseLong(o.expiresAt()))));
  }

  public Uni<Void> extended(
      SqlConnection tx, BigInteger channelId, BigInteger deposit, long expiresAt) {
    return exec(
        tx,
        "UPDATE channel SET deposit = $2, expires_at = $3 WHERE channel_id = $1",
        Tuple.of(dec(channelId), dec(deposit), expiresAt));
  }

  public Uni<Void> claimed(SqlConnection tx, BigInteger channelId, BigInteger claimed) {
    return exec(
        tx,
        "UPDATE channel SET claimed = $2 WHERE channel_id = $1",
        Tuple.of(dec(channelId), dec(claimed)));
  }

  public Uni<Void> closed(SqlConnection tx, BigInteger channelId, BigInteger claimed) {
    return exec(
        tx,
        "UPDATE channel SET closed = true, claimed = $2 WHERE channel_id = $1",
        Tuple.of(dec(channelId), dec(claimed)));
  }

  /** Forgets a channel whose opening was retracted; its charges stay. */
  public Uni<Void> forget(SqlConnection tx, BigInteger channelId) {
    return exec(
        tx, "UPDATE channel SET known = false WHERE channel_id = $1", Tuple.of(dec(channelId)));
  }

  /** Restores the chain fields of {@code snapshot} ({@link ChainFields#snapshot}). */
  public Uni<Void> restore(SqlConnection tx, BigInteger channelId, String snapshot) {
    ObjectNode b;
    try {
      b = (ObjectNode) EventCodec.JSON.readTree(snapshot);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return exec(
        tx,
        "UPDATE channel SET known = $2, payer = $3, signer = $4, model_id = $5,"
            + " deposit = $6, expires_at = $7, claimed = $8, closed = $9 WHERE channel_id = $1",
        Tuple.from(
            Arrays.asList(
                dec(channelId),
                b.get("known").asBoolean(),
                b.get("payer").asText(),
                b.get("signer").asText(),
                dec(new BigInteger(b.get("model_id").asText())),
                dec(new BigInteger(b.get("deposit").asText())),
                b.get("expires_at").asLong(),
                dec(new BigInteger(b.get("claimed").asText())),
                b.get("closed").asBoolean())));
  }

  private static String snapshot(Row r) {
    ObjectNode n = EventCodec.JSON.createObjectNode();
    n.put("known", r.getBoolean("known"));
    n.put("payer", r.getString("payer"));
    n.put("signer", r.getString("signer"));
    n.put("model_id", r.getBigDecimal("model_id").toPlainString());
    n.put("deposit", r.getBigDecimal("deposit").toPlainString());
    n.put("expires_at", r.getLong("expires_at"));
    n.put("claimed", r.getBigDecimal("claimed").toPlainString());
    n.put("closed", r.getBoolean("closed"));
    return n.toString();
  }

  private static Uni<Void> exec(SqlConnection tx, String sql, Tuple args) {
    return tx.preparedQuery(sql).execute(args).replaceWithVoid();
  }
}
