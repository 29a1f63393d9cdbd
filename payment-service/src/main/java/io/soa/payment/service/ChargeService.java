package io.soa.payment.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.soa.payment.config.PaymentConfig;
import io.soa.payment.domain.Channel;
import io.soa.payment.domain.Charge;
import io.soa.payment.domain.ChargeCommand;
import io.soa.payment.repository.PaymentStore;
import io.soa.platform.crypto.EthSignatures;
import io.soa.platform.error.Conflict;
import io.soa.platform.error.Forbidden;
import io.soa.platform.error.Gone;
import io.soa.platform.error.NotFound;
import io.soa.platform.error.PaymentRequired;
import io.soa.platform.outbox.Outbox;
import io.soa.platform.sql.GroupCommit;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes pay-per-use charges (DESIGN §6 step 6). The checks run in order of cost: the caller is the
 * channel's payer or signer; the channel is known, open, for this model and not about to expire;
 * the feature has an on-chain price, not above the caller's cap; the voucher is signed by the
 * channel's signer (native secp256k1, no lock held); then {@link ChargeCommits} makes the
 * conditional update of the channel's totals, the charge row, its two ledger postings and its
 * outbox event in one transaction shared with other charges. Coverage: the largest valid voucher
 * seen must cover everything charged, this call included, and never exceed the deposit; vouchers
 * may arrive in any order, and one that signs ahead is credit. The same request id always gets the
 * same answer and is charged once.
 */
@ApplicationScoped
public class ChargeService {
  private final PaymentStore store;
  private final Outbox outbox;
  private final PaymentConfig config;
  private final MeterRegistry metrics;
  private final ChargeCommits commits;

  public ChargeService(
      PaymentStore store,
      Outbox outbox,
      PaymentConfig config,
      MeterRegistry metrics,
      ChargeCommits commits) {
    this.store = store;
    this.commits = commits;
    this.outbox = outbox;
    this.config = config;
    this.metrics = metrics;
  }

  /** A charge and the channel's totals after it; {@code replayed} for a repeated request id. */
  public record Result(Charge charge, BigInteger deposit, boolean replayed) {}

  public Uni<Result> charge(ChargeCommand c) {
    long t0 = System.nanoTime();
    return charge(c, true)
        .invoke(
            r -> {
              metrics
                  .counter(
                      "soa_payment_charges_total", "result", r.replayed() ? "replayed" : "accepted")
                  .increment();
              metrics
                  .timer("soa_payment_charge_seconds")
                  .record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
            })
        .onFailure()
        .invoke(e -> metrics.counter("soa_payment_charges_total", "result", reason(e)).increment());
  }

  private Uni<Result> charge(ChargeCommand c, boolean retry) {
    return store
        .context(c.channelId(), c.modelId(), c.feature(), c.requestId())
        .flatMap(
            ctx -> {
              authorize(ctx.channel(), c); // a stranger learns nothing, not even a replay
              if (ctx.previous().isPresent()) {
                return Uni.createFrom().item(replay(c, ctx.previous().get(), ctx.channel()));
              }
              Channel channel = usable(ctx.channel(), c);
              BigInteger price =
                  ctx.price()
                      .filter(v -> v.signum() > 0)
                      .orElseThrow(() -> refused("feature-not-priced", notPriced(c)));
              if (price.compareTo(c.maxPrice()) > 0) {
                throw new PaymentRequired(
                    "price-above-cap",
                    "the price of this call is "
                        + price
                        + ", above the "
                        + c.maxPrice()
                        + " you agreed to pay (SOA-Max-Price): nothing was charged",
                    Map.of("price", price.toString(), "maxPrice", c.maxPrice().toString()));
              }
              checkVoucher(channel, c);
              return commits
                  .submit(c, price)
                  .flatMap(
                      taken ->
                          taken.isPresent()
                              ? Uni.createFrom()
                                  .item(
                                      new Result(
                                          taken.get().charge(),
                                          taken.get().totals().deposit(),
                                          false))
                              : refusal(c, price));
            })
        .onFailure(e -> retry && (isUniqueViolation(e) || e instanceof GroupCommit.SameBatch))
        // the same request id committed first (concurrently, or earlier in the same batch):
        // answer with its charge
        .recoverWithUni(e -> charge(c, false));
  }

  /**
   * The conditional update changed nothing: a concurrent request with the same id may have been
   * charged first (answer with its charge), or else the channel says why.
   */
  private Uni<Result> refusal(ChargeCommand c, BigInteger price) {
    return store
        .context(c.channelId(), c.modelId(), c.feature(), c.requestId())
        .map(
            ctx -> {
              if (ctx.previous().isPresent()) {
                return replay(c, ctx.previous().get(), ctx.channel());
              }
              throw whyNot(ctx.channel(), c, price);
            });
  }

  private Result replay(ChargeCommand c, Charge previous, Optional<Channel> channel) {
    if (!c.sameAs(previous)) {
      throw new Conflict(
          "request-id-reused",
          "Request id reused",
          "request id "
              + c.requestId()
              + " was already used for another charge; use a new id for every call",
          List.of());
    }
    return new Result(previous, channel.orElseThrow().deposit(), true);
  }

  /**
   * Only the channel's payer or its signer (a key the payer delegated) may spend it: a voucher is
   * public once claimed on chain, and credit signed ahead or given back is the payer's alone.
   */
  private static void authorize(Optional<Channel> found, ChargeCommand c) {
    found
        .filter(Channel::known)
        .filter(
            ch ->
                !c.caller().equalsIgnoreCase(ch.payer())
                    && !c.caller().equalsIgnoreCase(ch.signer()))
        .ifPresent(
            ch -> {
              throw new Forbidden(
                  "not-channel-payer",
                  "channel "
                      + ch.channelId()
                      + " is spent only by its payer or its signer, and "
                      + c.caller()
                      + " is neither");
            });
  }

  /** The channel, if it can take a charge for this model now; otherwise the refusal. */
  private Channel usable(Optional<Channel> found, ChargeCommand c) {
    Channel ch =
        found
            .filter(Channel::known)
            .orElseThrow(
                () ->
                    new NotFound(
                        "unknown-channel",
                        "channel",
                        "channel "
                            + c.channelId()
                            + " is not open on escrow "
                            + config.escrow()
                            + " of chain "
                            + config.chainId()
                            + " (or its opening is not confirmed yet)"));
    if (ch.closed()) {
      throw new Gone("channel-closed", "channel " + ch.channelId() + " is closed");
    }
    if (!ch.modelId().equals(c.modelId())) {
      throw new Conflict(
          "wrong-model",
          "Channel for another model",
          "channel " + ch.channelId() + " pays for model " + ch.modelId() + ", not " + c.modelId(),
          List.of());
    }
    long left = ch.expiresAt() - Instant.now().getEpochSecond();
    if (left < config.expiryMargin().toSeconds()) {
      throw new Gone(
          "channel-expiring",
          "channel "
              + ch.channelId()
              + (left <= 0 ? " has expired" : " expires in " + left + " s")
              + "; charges stop "
              + config.expiryMargin().toSeconds()
              + " s before expiry so that settlement can claim them: open or extend a channel");
    }
    return ch;
  }

  private void checkVoucher(Channel ch, ChargeCommand c) {
    byte[] digest = config.domain().digest(c.channelId(), c.cumulativeAmount());
    Optional<String> signer = EthSignatures.recover(digest, c.signature());
    if (signer.isEmpty() || !signer.get().equalsIgnoreCase(ch.signer())) {
      throw new Forbidden(
          "bad-signature",
          "the voucher is not signed by the channel's signer "
              + ch.signer()
              + " for this channel, amount, chain "
              + config.chainId()
              + " and escrow "
              + config.escrow());
    }
    if (c.cumulativeAmount().compareTo(ch.deposit()) > 0) {
      throw deposit(ch, c.cumulativeAmount());
    }
  }

  /** Why the conditional update changed nothing, from the channel read right after it. */
  private RuntimeException whyNot(Optional<Channel> found, ChargeCommand c, BigInteger price) {
    Channel ch;
    try {
      ch = usable(found, c);
    } catch (RuntimeException e) {
      return e; // closed, reassigned or retracted meanwhile
    }
    BigInteger best = ch.covered().max(c.cumulativeAmount());
    if (best.compareTo(ch.deposit()) > 0) {
      return deposit(ch, best);
    }
    BigInteger needed = ch.charged().add(price);
    BigInteger missing = needed.subtract(best);
    return new PaymentRequired(
        "not-covered",
        "the channel's vouchers cover "
            + best
            + " but "
            + needed
            + " would be charged with this call: sign a voucher for at least "
            + needed
            + " (cumulative), "
            + missing
            + " more",
        Map.of(
            "channelId", ch.channelId().toString(),
            "price", price.toString(),
            "charged", ch.charged().toString(),
            "covered", best.toString(),
            "required", needed.toString(),
            "missing", missing.toString(),
            "deposit", ch.deposit().toString()));
  }

  private static Conflict deposit(Channel ch, BigInteger amount) {
    return new Conflict(
        "deposit-exceeded",
        "Deposit exceeded",
        "a voucher for "
            + amount
            + " exceeds channel "
            + ch.channelId()
            + "'s deposit of "
            + ch.deposit()
            + "; extend the channel first",
        List.of());
  }

  private static String notPriced(ChargeCommand c) {
    return "model " + c.modelId() + " has no on-chain price for feature " + c.feature();
  }

  private static NotFound refused(String code, String detail) {
    return new NotFound(code, "price", detail);
  }

  private static boolean isUniqueViolation(Throwable e) {
    return e instanceof PgException pg && "23505".equals(pg.getSqlState());
  }

  private static String reason(Throwable e) {
    return e instanceof io.soa.platform.error.DomainException d ? d.code() : "error";
  }
}
