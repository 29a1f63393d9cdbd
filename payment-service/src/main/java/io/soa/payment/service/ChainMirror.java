package io.soa.payment.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.soa.events.ChainEvent;
import io.soa.events.EventCodec;
import io.soa.events.EventTypes;
import io.soa.events.chain.ChannelClaimed;
import io.soa.events.chain.ChannelClosed;
import io.soa.events.chain.ChannelExtended;
import io.soa.events.chain.ChannelOpened;
import io.soa.events.chain.ClaimSkipped;
import io.soa.events.chain.ModelTokenized;
import io.soa.events.chain.ModelTransferred;
import io.soa.events.chain.UsagePriceSet;
import io.soa.payment.config.PaymentConfig;
import io.soa.payment.domain.Accounts;
import io.soa.payment.repository.PaymentStore;
import io.soa.platform.inbox.Inbox;
import io.soa.platform.persistence.ChainEffects;
import io.soa.platform.persistence.ModelFacts;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Mirrors what charges depend on: channels from the escrow's events, per-feature prices and owners
 * of models from the registry's. Each event applies once (inbox) in one transaction with what it
 * changed ({@code chain_effect}: the fields before it), so its retraction after a reorg restores
 * exactly those fields; charges' own columns (charged, covered) are never touched by the mirror.
 * Events of another chain or another escrow are ignored.
 */
@ApplicationScoped
public class ChainMirror {
  private static final Logger LOG = Logger.getLogger(ChainMirror.class);
  private static final String CHAIN_FIELDS =
      "known, payer, signer, model_id, deposit, expires_at, claimed, closed";

  private static final Set<String> MIRRORED =
      Set.of(
          ChannelOpened.TYPE,
          ChannelExtended.TYPE,
          ChannelClaimed.TYPE,
          ChannelClosed.TYPE,
          ClaimSkipped.TYPE,
          UsagePriceSet.TYPE,
          ModelTokenized.TYPE,
          ModelTransferred.TYPE);

  private final PaymentStore store;
  private final Inbox inbox;
  private final PaymentConfig config;
  private final Confirmations confirmations;

  public ChainMirror(
      PaymentStore store, Inbox inbox, PaymentConfig config, Confirmations confirmations) {
    this.store = store;
    this.inbox = inbox;
    this.config = config;
    this.confirmations = confirmations;
  }

  /** The chain events this service mirrors; others on its topics are skipped. */
  public static boolean mirrors(String type) {
    return MIRRORED.contains(type);
  }

  public Uni<Void> apply(String eventId, ChainEvent e) {
    if (e.chainId() != config.chainId()) {
      LOG.debugf(
          "event %s is of chain %d, not %d; ignored", eventId, e.chainId(), config.chainId());
      return Uni.createFrom().voidItem();
    }
    boolean escrowEvent =
        e instanceof ChannelOpened
            || e instanceof ChannelExtended
            || e instanceof ChannelClaimed
            || e instanceof ChannelClosed
            || e instanceof ClaimSkipped;
    // every event from the one contract that may emit it: a forged price, owner or channel from
    // another contract (or a record of another producer on the topic) changes nothing
    String from = escrowEvent ? config.escrow() : config.registry();
    if (!from.equals(e.contract().toLowerCase(Locale.ROOT))) {
      LOG.debugf("event %s is of contract %s, not ours; ignored", eventId, e.contract());
      return Uni.createFrom().voidItem();
    }
    return ChainEffects.applyOnce(
        store.pool(),
        inbox,
        eventId,
        EventTypes.of(e).type(),
        e.removed(),
        tx -> applyNew(tx, eventId, e),
        this::undo);
  }

  private Uni<Void> applyNew(SqlConnection tx, String eventId, ChainEvent e) {
    return switch (e) {
      case ChannelOpened o ->
          channel(
                  tx,
                  eventId,
                  o.channelId(),
                  "INSERT INTO channel (channel_id, known, payer, signer, model_id, deposit,"
                      + " expires_at) VALUES ($1, true, $2, $3, $4, $5, $6) ON CONFLICT"
                      + " (channel_id) DO UPDATE SET known = true, payer = $2, signer = $3,"
                      + " model_id = $4, deposit = $5, expires_at = $6",
                  Tuple.from(
                      Arrays.asList(
                          dec(o.channelId()),
                          lower(o.payer()),
                          lower(o.signer()),
                          dec(o.modelId()),
                          dec(o.deposit()),
                          Long.parseLong(o.expiresAt()))))
              .chain(
                  before ->
                      deposit(
                          tx,
                          eventId,
                          Accounts.payer(lower(o.payer())),
                          Accounts.channel(new BigInteger(o.channelId())),
                          new BigInteger(o.deposit())));
      case ChannelExtended x ->
          channel(
                  tx,
                  eventId,
                  x.channelId(),
                  "UPDATE channel SET deposit = $2, expires_at = $3 WHERE channel_id = $1",
                  Tuple.of(dec(x.channelId()), dec(x.deposit()), Long.parseLong(x.expiresAt())))
              .chain(
                  before ->
                      before == null
                          ? Uni.createFrom().voidItem()
                          : deposit(
                              tx,
                              eventId,
                              Accounts.payer(before.payer()),
                              Accounts.channel(new BigInteger(x.channelId())),
                              new BigInteger(x.deposit()).subtract(before.deposit())));
      case ChannelClaimed c ->
          channel(
                  tx,
                  eventId,
                  c.channelId(),
                  "UPDATE channel SET claimed = $2 WHERE channel_id = $1",
                  Tuple.of(dec(c.channelId()), dec(c.cumulativeAmount())))
              .chain(before -> confirmations.claimed(tx, eventId, c));
      case ClaimSkipped k -> confirmations.skipped(tx, k);
      case ChannelClosed c ->
          channel(
                  tx,
                  eventId,
                  c.channelId(),
                  "UPDATE channel SET closed = true, claimed = $2 WHERE channel_id = $1",
                  Tuple.of(dec(c.channelId()), dec(c.claimed())))
              .chain(
                  before ->
                      before == null
                          ? Uni.createFrom().voidItem()
                          : deposit( // what was not claimed goes back to the payer
                              tx,
                              eventId,
                              Accounts.channel(new BigInteger(c.channelId())),
                              Accounts.payer(before.payer()),
                              before.deposit().subtract(new BigInteger(c.claimed()))));
      case UsagePriceSet p -> ModelFacts.price(tx, eventId, p);
      case ModelTokenized t -> ModelFacts.owner(tx, eventId, t.modelId(), t.owner());
      case ModelTransferred t -> ModelFacts.owner(tx, eventId, t.tokenId(), t.to());
      default -> Uni.createFrom().voidItem();
    };
  }

  /** A channel's deposit and payer before an event changed it. */
  private record Before(BigInteger deposit, String payer) {}

  /**
   * Records the channel's chain fields as they were, then applies {@code sql}; the deposit and
   * payer before, or null for a channel not seen yet.
   */
  private Uni<Before> channel(
      SqlConnection tx, String eventId, String channelId, String sql, Tuple args) {
    return tx.preparedQuery("SELECT " + CHAIN_FIELDS + " FROM channel WHERE channel_id = $1")
        .execute(Tuple.of(dec(channelId)))
        .flatMap(
            rows -> {
              Row r = rows.size() == 0 ? null : rows.iterator().next();
              String before = r == null ? null : snapshot(r);
              Before b =
                  r == null || !r.getBoolean("known")
                      ? null
                      : new Before(
                          r.getBigDecimal("deposit").toBigIntegerExact(), r.getString("payer"));
              return ChainEffects.record(tx, eventId, "channel", channelId, before)
                  .chain(() -> tx.preparedQuery(sql).execute(args))
                  .replaceWith(b);
            });
  }

  /** The ledger entry of a deposit's move ({@code amount} from {@code from} to {@code to}). */
  private Uni<Void> deposit(
      SqlConnection tx, String eventId, String from, String to, BigInteger amount) {
    if (amount.signum() == 0) {
      return Uni.createFrom().voidItem();
    }
    return store.post(tx, depositEntry(eventId), from, to, amount);
  }

  static UUID depositEntry(String eventId) {
    return UUID.nameUUIDFromBytes(("deposit|" + eventId).getBytes(StandardCharsets.UTF_8));
  }

  /** Restores what the event {@code eventId} changed; nothing if it changed nothing. */
  private Uni<Void> undo(SqlConnection tx, String eventId) {
    return ChainEffects.take(tx, eventId)
        .flatMap(
            taken -> {
              if (taken.isEmpty()) {
                return Uni.createFrom().voidItem(); // it was ignored when applied
              }
              String key = taken.get().key();
              String before = taken.get().before();
              return switch (taken.get().kind()) {
                case "channel" ->
                    restoreChannel(tx, key, before)
                        .chain(() -> store.reverse(tx, depositEntry(eventId)))
                        .chain(() -> confirmations.unclaimed(tx, eventId, key));
                default ->
                    ModelFacts.undo(tx, taken.get())
                        .orElseThrow(
                            () -> new IllegalStateException("unknown effect " + taken.get()));
              };
            });
  }

  private Uni<Void> restoreChannel(SqlConnection tx, String channelId, String before) {
    if (before == null) { // it was opened by the retracted event: forget it, keep its charges
      return tx.preparedQuery("UPDATE channel SET known = false WHERE channel_id = $1")
          .execute(Tuple.of(dec(channelId)))
          .replaceWithVoid();
    }
    ObjectNode b;
    try {
      b = (ObjectNode) EventCodec.JSON.readTree(before);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return tx.preparedQuery(
            "UPDATE channel SET known = $2, payer = $3, signer = $4, model_id = $5,"
                + " deposit = $6, expires_at = $7, claimed = $8, closed = $9 WHERE channel_id = $1")
        .execute(
            Tuple.from(
                Arrays.asList(
                    dec(channelId),
                    b.get("known").asBoolean(),
                    b.get("payer").asText(),
                    b.get("signer").asText(),
                    dec(b.get("model_id").asText()),
                    dec(b.get("deposit").asText()),
                    b.get("expires_at").asLong(),
                    dec(b.get("claimed").asText()),
                    b.get("closed").asBoolean())))
        .replaceWithVoid();
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

  private static java.math.BigDecimal dec(String decimal) {
    return new java.math.BigDecimal(new BigInteger(decimal));
  }

  private static String lower(String address) {
    return address.toLowerCase(Locale.ROOT);
  }
}
