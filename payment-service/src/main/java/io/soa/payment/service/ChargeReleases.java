package io.soa.payment.service;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.smallrye.mutiny.Uni;
import io.soa.events.licensing.AccessGranted;
import io.soa.events.payments.ChargeReleased;
import io.soa.payment.config.PaymentConfig;
import io.soa.payment.domain.Accounts;
import io.soa.payment.domain.Charge;
import io.soa.payment.repository.Ledger;
import io.soa.payment.repository.PaymentStore;
import io.soa.platform.error.NotFound;
import io.soa.platform.inbox.Inbox;
import io.soa.platform.outbox.Outbox;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A charge whose call failed becomes credit again for the channel's next call. Our gateway says so
 * in its decision's {@code AccessGranted} (refunded, with the charge id), which this service reads
 * from the licensing topic through its inbox; the release endpoint serves gateways that do not
 * publish that topic. Releasing twice is the same as once.
 */
@ApplicationScoped
public class ChargeReleases {
  private static final Logger LOG = Logger.getLogger(ChargeReleases.class);

  private final Pool pool;
  private final PaymentStore store;
  private final Ledger ledger;
  private final Outbox outbox;
  private final Inbox inbox;
  private final PaymentConfig config;

  public ChargeReleases(
      Pool pool,
      PaymentStore store,
      Ledger ledger,
      Outbox outbox,
      Inbox inbox,
      PaymentConfig config) {
    this.pool = pool;
    this.store = store;
    this.ledger = ledger;
    this.outbox = outbox;
    this.inbox = inbox;
    this.config = config;
  }

  /** Releases {@code chargeId} (the release endpoint). */
  public Uni<ChargeService.Result> release(UUID chargeId) {
    return pool.withTransaction(
        tx ->
            store
                .charge(tx, chargeId)
                .flatMap(
                    found ->
                        releaseIn(tx, found.orElseThrow(() -> new NotFound("charge", chargeId)))));
  }

  /**
   * Applies the gateway's decision {@code eventId} once: a failed call's charge is released. The
   * charge must be the one this decision names (the same channel, and a charge key of this caller's
   * request id), so a record naming another payer's charge releases nothing and is dead-lettered.
   */
  public Uni<Void> apply(String eventId, AccessGranted granted) {
    if (!granted.refunded() || granted.chargeId() == null) {
      return Uni.createFrom().voidItem();
    }
    UUID chargeId;
    try {
      chargeId = UUID.fromString(granted.chargeId());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("AccessGranted " + eventId + ": chargeId is not a uuid");
    }
    return pool.withTransaction(
        tx ->
            inbox
                .firstDelivery(tx, eventId, AccessGranted.TYPE)
                .flatMap(
                    first ->
                        !first
                            ? Uni.createFrom().voidItem()
                            : store
                                .charge(tx, chargeId)
                                .flatMap(
                                    found -> {
                                      Charge c =
                                          found
                                              .filter(ch -> names(granted, ch))
                                              .orElseThrow(
                                                  () ->
                                                      new IllegalArgumentException(
                                                          "AccessGranted "
                                                              + eventId
                                                              + " names no charge of its call"));
                                      LOG.debugf("releasing %s (failed call)", c.chargeId());
                                      return releaseIn(tx, c).replaceWithVoid();
                                    })));
  }

  private static boolean names(AccessGranted g, Charge c) {
    return c.channelId().toString().equals(g.channelId())
        && c.requestId().startsWith(g.caller() + ":" + g.requestId() + ":");
  }

  private Uni<ChargeService.Result> releaseIn(SqlConnection tx, Charge c) {
    if (c.releasedAt() != null) {
      return store
          .channel(tx, c.channelId())
          .map(ch -> new ChargeService.Result(c, ch.orElseThrow().deposit(), true));
    }
    return store
        .markReleased(tx, c.chargeId())
        .flatMap(
            marked ->
                marked.isEmpty()
                    ? store
                        .charge(tx, c.chargeId())
                        .flatMap(now -> releaseIn(tx, now.orElseThrow()))
                    : given(tx, c, marked.get()));
  }

  private Uni<ChargeService.Result> given(SqlConnection tx, Charge c, OffsetDateTime at) {
    UUID entry = UUID.nameUUIDFromBytes(("release|" + c.chargeId()).getBytes(UTF_8));
    return store
        .giveBack(tx, c.channelId(), c.amount())
        .call(
            () ->
                ledger.post(
                    tx,
                    entry,
                    Accounts.earned(c.modelId()),
                    Accounts.channel(c.channelId()),
                    c.amount()))
        .call(
            charged ->
                outbox.add(
                    tx,
                    entry.toString(),
                    new ChargeReleased(
                        c.chargeId().toString(),
                        c.requestId(),
                        config.chainId(),
                        c.channelId().toString(),
                        c.modelId().toString(),
                        c.feature(),
                        c.amount().toString(),
                        charged.toString(),
                        at.toString())))
        .flatMap(charged -> store.channel(tx, c.channelId()))
        .map(ch -> new ChargeService.Result(c.released(at), ch.orElseThrow().deposit(), false));
  }
}
