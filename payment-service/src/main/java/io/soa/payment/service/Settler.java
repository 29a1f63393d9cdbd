package io.soa.payment.service;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.soa.events.payments.SettlementSubmitted;
import io.soa.payment.config.PaymentConfig;
import io.soa.payment.domain.Accounts;
import io.soa.payment.repository.Ledger;
import io.soa.payment.repository.PaymentStore;
import io.soa.payment.repository.Settlements;
import io.soa.platform.outbox.Outbox;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Settles charges on chain by itself (DESIGN §6 step 8). Each round (one replica at a time, by an
 * advisory lock) picks, for every open channel with charges not yet claimed and nothing in flight,
 * the newest voucher not above what was charged, and when a batch is full, the oldest unsettled
 * charge is older than the maximum age, a channel nears its expiry, or an operator asked, sends one
 * {@code claimBatch} for up to {@code batch-size} channels, signed and recorded with the batch
 * before it is broadcast ({@link ClaimTransactions}, which also resends, replaces and fails
 * transactions that are not mined). The receipt is not trusted: the indexer's {@code
 * ChannelClaimed} / {@code ClaimSkipped} confirm each channel ({@link ChainMirror}). A voucher
 * claimed twice is skipped by the contract, never paid twice.
 */
@ApplicationScoped
public class Settler {
  private static final Logger LOG = Logger.getLogger(Settler.class);
  private static final long LOCK_KEY = 0x5E77_1E00L;

  private final Pool pool;
  private final Ledger ledger;
  private final Settlements settlements;
  private final Outbox outbox;
  private final PaymentConfig config;
  private final ClaimTransactions claims;
  private final Duration interval;
  private final int batchSize;
  private final Duration maxAge;
  private final Duration expiryWindow;
  private final AtomicBoolean busy = new AtomicBoolean();
  private final AtomicReference<String> onDemand = new AtomicReference<>();
  private final io.opentelemetry.api.trace.Tracer tracer;

  public Settler(
      io.opentelemetry.api.trace.Tracer tracer,
      Pool pool,
      Ledger ledger,
      Settlements settlements,
      Outbox outbox,
      PaymentConfig config,
      ClaimTransactions claims) {
    this.tracer = tracer;
    this.pool = pool;
    this.ledger = ledger;
    this.settlements = settlements;
    this.outbox = outbox;
    this.config = config;
    this.claims = claims;
    this.interval = config.settings().settleInterval();
    this.batchSize = config.settings().settleBatchSize();
    this.maxAge = config.settings().settleMaxAge();
    this.expiryWindow = config.settings().settleBeforeExpiry();
  }

  void start(@Observes StartupEvent ev, io.vertx.mutiny.core.Vertx vertx) {
    if (!claims.enabled()) {
      LOG.warn("no soa.payment.settlement-key: charges are not settled by this replica");
      return;
    }
    vertx.setPeriodic(
        interval.toMillis(),
        interval.toMillis(),
        id -> round(null).subscribe().with(x -> {}, e -> LOG.warn("settlement round failed", e)));
  }

  /**
   * Settles now what can be settled, for {@code modelId} or (null) every model; the settlements
   * sent, none when nothing is due or a round is already running.
   */
  public Uni<List<UUID>> settleNow(String modelId) {
    if (!claims.enabled()) {
      return Uni.createFrom().item(List.of());
    }
    onDemand.set(modelId == null ? "*" : modelId);
    return round(modelId);
  }

  private record Item(
      BigInteger channelId,
      BigInteger modelId,
      BigInteger cumulative,
      byte[] signature,
      BigInteger claimed,
      String traceParent) {}

  private record Batch(UUID id, String reason, List<Item> items, ClaimChain.Signed tx) {}

  private Uni<List<UUID>> round(String only) {
    if (!busy.compareAndSet(false, true)) {
      return Uni.createFrom().item(List.of());
    }
    return claims
        .watch()
        .chain(() -> pool.withTransaction(this::pick))
        .flatMap(
            b ->
                b.isEmpty()
                    ? Uni.createFrom().item(List.<UUID>of())
                    : traced(b.get(), claims.broadcast(b.get().tx()))
                        .replaceWith(List.of(b.get().id())))
        .eventually(() -> busy.set(false));
  }

  /** In one transaction (one replica): the candidates, and if due, the batch recorded in flight. */
  private Uni<Optional<Batch>> pick(SqlConnection tx) {
    return settlements
        .tryLock(tx, LOCK_KEY)
        .flatMap(
            locked ->
                !locked
                    ? Uni.createFrom().item(Optional.<Batch>empty())
                    : settlements.candidates(tx, batchSize).flatMap(rows -> due(tx, rows)));
  }

  private Uni<Optional<Batch>> due(SqlConnection tx, List<Settlements.Candidate> rows) {
    String demand = onDemand.getAndSet(null);
    List<Item> items = new ArrayList<>();
    String reason = null;
    Instant now = Instant.now();
    for (Settlements.Candidate r : rows) {
      Item item =
          new Item(
              r.channelId(),
              r.modelId(),
              r.cumulative(),
              r.signature(),
              r.claimed(),
              r.traceParent());
      if (demand != null && !"*".equals(demand) && !item.modelId().toString().equals(demand)) {
        continue;
      }
      items.add(item);
      if (reason == null && r.expiresAt() - now.getEpochSecond() < expiryWindow.toSeconds()) {
        reason = "expiry";
      }
      if (reason == null
          && r.oldest() != null
          && r.oldest().toInstant().isBefore(now.minus(maxAge))) {
        reason = "max-age";
      }
    }
    if (items.isEmpty()) {
      return Uni.createFrom().item(Optional.empty());
    }
    if (reason == null && items.size() >= batchSize) {
      reason = "batch-full";
    }
    if (reason == null && demand != null) {
      reason = "on-demand";
    }
    if (reason == null) {
      return Uni.createFrom().item(Optional.empty());
    }
    UUID id = UUID.randomUUID();
    String why = reason;
    Uni<Void> write = settlements.create(tx, id, reason);
    for (Item i : items) {
      BigInteger transit = i.cumulative().subtract(i.claimed());
      write =
          write
              .chain(
                  () ->
                      settlements.addItem(
                          tx,
                          id,
                          i.modelId(),
                          new Settlements.Item(i.channelId(), i.cumulative(), i.signature()),
                          transit))
              .chain(
                  () ->
                      ledger.post(
                          tx,
                          UUID.nameUUIDFromBytes(
                              ("transit|" + id + "|" + i.channelId())
                                  .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                          Accounts.earned(i.modelId()),
                          Accounts.IN_TRANSIT,
                          transit));
    }
    List<ClaimChain.Claim> toClaim =
        items.stream()
            .map(i -> new ClaimChain.Claim(i.channelId(), i.cumulative(), i.signature()))
            .toList();
    return write
        .chain(() -> claims.sign(tx, id, toClaim, Optional.empty()))
        .call(signed -> outbox.add(tx, id + ":submitted", submitted(id, why, items, signed)))
        .map(signed -> Optional.of(new Batch(id, why, items, signed)));
  }

  /**
   * {@code broadcast} in a span of its own ({@code settlement}), linked to the trace of each call
   * whose voucher the batch claims: one paid call's trace leads on to the settlement that paid for
   * it.
   */
  private <T> Uni<T> traced(Batch b, Uni<T> broadcast) {
    var builder =
        tracer
            .spanBuilder("settlement")
            .setAttribute("soa.settlement.id", b.id().toString())
            .setAttribute("soa.settlement.reason", b.reason())
            .setAttribute("soa.settlement.channels", (long) b.items().size());
    for (Item i : b.items()) {
      var call = Traces.parse(i.traceParent());
      if (call.isValid()) {
        builder.addLink(
            call,
            io.opentelemetry.api.common.Attributes.of(
                io.opentelemetry.api.common.AttributeKey.stringKey("soa.channel.id"),
                i.channelId().toString()));
      }
    }
    var span = builder.startSpan();
    return broadcast
        .onTermination()
        .invoke(
            (item, failure, cancelled) -> {
              if (failure != null) {
                span.recordException(failure);
                span.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR);
              }
              span.end();
            });
  }

  private SettlementSubmitted submitted(
      UUID id, String reason, List<Item> items, ClaimChain.Signed signed) {
    BigInteger amount = BigInteger.ZERO;
    for (Item i : items) {
      amount = amount.add(i.cumulative().subtract(i.claimed()));
    }
    LOG.infof(
        "settlement %s: %d channel(s), %s to claim in %s (nonce %d, %s)",
        id, items.size(), amount, signed.txHash(), signed.nonce(), reason);
    return new SettlementSubmitted(
        id.toString(),
        config.chainId(),
        reason,
        signed.txHash(),
        items.size(),
        amount.toString(),
        PaymentStore.now().toString());
  }
}
