package io.soa.payment.service;

import io.smallrye.mutiny.Uni;
import io.soa.events.ChainEvent;
import io.soa.events.chain.ChannelClaimed;
import io.soa.events.chain.ChannelClosed;
import io.soa.events.chain.ChannelExtended;
import io.soa.events.chain.ChannelOpened;
import io.soa.events.chain.ClaimSkipped;
import io.soa.events.chain.ModelTokenized;
import io.soa.events.chain.ModelTransferred;
import io.soa.events.chain.UsagePriceSet;
import io.soa.events.chain.X402Claimed;
import io.soa.payment.config.PaymentConfig;
import io.soa.payment.domain.Accounts;
import io.soa.payment.repository.BatchClaims;
import io.soa.payment.repository.ChannelMirrorStore;
import io.soa.payment.repository.Ledger;
import io.soa.platform.chain.ChainEffects;
import io.soa.platform.chain.ModelFacts;
import io.soa.platform.inbox.Inbox;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
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

  /** The chain events this service mirrors; others on its topics are skipped. */
  public static final Set<String> MIRRORED =
      Set.of(
          ChannelOpened.TYPE,
          ChannelExtended.TYPE,
          ChannelClaimed.TYPE,
          ChannelClosed.TYPE,
          ClaimSkipped.TYPE,
          UsagePriceSet.TYPE,
          X402Claimed.TYPE,
          ModelTokenized.TYPE,
          ModelTransferred.TYPE);

  private final Pool pool;
  private final Ledger ledger;
  private final ChannelMirrorStore channels;
  private final Inbox inbox;
  private final PaymentConfig config;
  private final Confirmations confirmations;
  private final BatchClaims batchClaims;

  public ChainMirror(
      Pool pool,
      Ledger ledger,
      ChannelMirrorStore channels,
      Inbox inbox,
      PaymentConfig config,
      Confirmations confirmations,
      BatchClaims batchClaims) {
    this.pool = pool;
    this.ledger = ledger;
    this.channels = channels;
    this.inbox = inbox;
    this.config = config;
    this.confirmations = confirmations;
    this.batchClaims = batchClaims;
  }

  public Uni<Void> apply(String eventId, ChainEvent e) {
    return ChainEffects.applyIfOurs(
        config.chain(), pool, inbox, eventId, e, tx -> applyNew(tx, eventId, e), this::undo);
  }

  private Uni<Void> applyNew(SqlConnection tx, String eventId, ChainEvent e) {
    return switch (e) {
      case ChannelOpened o ->
          channel(tx, eventId, o.channelId(), () -> channels.opened(tx, o))
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
                  () ->
                      channels.extended(
                          tx,
                          new BigInteger(x.channelId()),
                          new BigInteger(x.deposit()),
                          Long.parseLong(x.expiresAt())))
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
                  () ->
                      channels.claimed(
                          tx, new BigInteger(c.channelId()), new BigInteger(c.cumulativeAmount())))
              .chain(before -> confirmations.claimed(tx, eventId, c));
      case ClaimSkipped k -> confirmations.skipped(tx, k);
      case ChannelClosed c ->
          channel(
                  tx,
                  eventId,
                  c.channelId(),
                  () ->
                      channels.closed(
                          tx, new BigInteger(c.channelId()), new BigInteger(c.claimed())))
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
      case X402Claimed c -> x402Claimed(tx, eventId, c);
      case UsagePriceSet p -> ModelFacts.price(tx, eventId, p);
      case ModelTokenized t -> ModelFacts.owner(tx, eventId, t.modelId(), t.owner());
      case ModelTransferred t -> ModelFacts.owner(tx, eventId, t.tokenId(), t.to());
      default -> Uni.createFrom().voidItem();
    };
  }

  /**
   * An x402 channel's claim as the chain has it, booked here unless its receipt booked it already;
   * recorded either way (before and after), so that its retraction takes it back.
   */
  private Uni<Void> x402Claimed(SqlConnection tx, String eventId, X402Claimed c) {
    String id = lower(c.channelId());
    BigInteger after = new BigInteger(c.totalClaimed());
    BigInteger before = after.subtract(new BigInteger(c.amount()));
    return batchClaims
        .claimed(tx, eventId, id, after)
        .flatMap(
            ours ->
                ours
                    ? ChainEffects.record(tx, eventId, "x402claim", id, before + ":" + after)
                    : Uni.createFrom().voidItem());
  }

  /**
   * Records the channel's chain fields as they were, then applies {@code write}; the fields before,
   * or null for a channel not known yet.
   */
  private Uni<ChannelMirrorStore.ChainFields> channel(
      SqlConnection tx,
      String eventId,
      String channelId,
      java.util.function.Supplier<Uni<Void>> write) {
    return channels
        .fields(tx, new BigInteger(channelId))
        .flatMap(
            found ->
                ChainEffects.record(
                        tx,
                        eventId,
                        "channel",
                        channelId,
                        found.map(ChannelMirrorStore.ChainFields::snapshot).orElse(null))
                    .chain(write::get)
                    .replaceWith(found.filter(ChannelMirrorStore.ChainFields::known).orElse(null)));
  }

  /** The ledger entry of a deposit's move ({@code amount} from {@code from} to {@code to}). */
  private Uni<Void> deposit(
      SqlConnection tx, String eventId, String from, String to, BigInteger amount) {
    if (amount.signum() == 0) {
      return Uni.createFrom().voidItem();
    }
    return ledger.post(tx, depositEntry(eventId), from, to, amount);
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
                case "x402claim" -> {
                  String[] span = before.split(":"); // what it claimed before, and after
                  yield batchClaims.unclaimed(
                      tx, eventId, key, new BigInteger(span[0]), new BigInteger(span[1]));
                }
                case "channel" ->
                    // opened by the retracted event: forget it, keep its charges
                    (before == null
                            ? channels.forget(tx, new BigInteger(key))
                            : channels.restore(tx, new BigInteger(key), before))
                        .chain(() -> ledger.reverse(tx, depositEntry(eventId)))
                        .chain(() -> confirmations.unclaimed(tx, eventId, key));
                default ->
                    ModelFacts.undo(tx, taken.get())
                        .orElseThrow(
                            () -> new IllegalStateException("unknown effect " + taken.get()));
              };
            });
  }

  private static String lower(String address) {
    return address.toLowerCase(Locale.ROOT);
  }
}
