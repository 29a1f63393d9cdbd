package io.soa.payment.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.soa.contracts.Vouchers;
import io.soa.contracts.generated.UsageEscrow;
import io.soa.events.payments.SettlementFailed;
import io.soa.events.payments.SettlementSubmitted;
import io.soa.payment.config.PaymentConfig;
import io.soa.payment.repository.PaymentStore;
import io.soa.platform.outbox.Outbox;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Settles charges on chain by itself (DESIGN §6 step 8). Each round (one replica at a time, by an
 * advisory lock) picks, for every open channel with charges not yet claimed and nothing in flight,
 * the newest voucher not above what was charged, and when a batch is full, the oldest unsettled
 * charge is older than the maximum age, a channel nears its expiry, or an operator asked, sends one
 * {@code claimBatch} for up to {@code batch-size} channels. The receipt is not trusted: the
 * indexer's {@code ChannelClaimed} / {@code ClaimSkipped} confirm each channel ({@link
 * ChainMirror}). A batch that could not be sent is failed and its channels are picked again; a
 * voucher claimed twice is skipped by the contract, never paid twice.
 */
@ApplicationScoped
public class Settler {
  private static final Logger LOG = Logger.getLogger(Settler.class);
  private static final long LOCK_KEY = 0x5E77_1E00L;

  private final PaymentStore store;
  private final Outbox outbox;
  private final PaymentConfig config;
  private final Optional<String> key;
  private final String rpcUrl;
  private final Duration interval;
  private final int batchSize;
  private final Duration maxAge;
  private final Duration expiryWindow;
  private final AtomicBoolean busy = new AtomicBoolean();
  private final AtomicReference<String> onDemand = new AtomicReference<>();
  private Web3j web3j;
  private UsageEscrow escrow;

  public Settler(
      PaymentStore store,
      Outbox outbox,
      PaymentConfig config,
      @ConfigProperty(name = "soa.payment.settlement-key") Optional<String> key,
      @ConfigProperty(name = "soa.chain.rpc-url") String rpcUrl,
      @ConfigProperty(name = "soa.payment.settle-interval") Duration interval,
      @ConfigProperty(name = "soa.payment.settle-batch-size") int batchSize,
      @ConfigProperty(name = "soa.payment.settle-max-age") Duration maxAge,
      @ConfigProperty(name = "soa.payment.settle-before-expiry") Duration expiryWindow) {
    this.store = store;
    this.outbox = outbox;
    this.config = config;
    this.key = key.filter(k -> !k.isBlank());
    this.rpcUrl = rpcUrl;
    this.interval = interval;
    this.batchSize = batchSize;
    this.maxAge = maxAge;
    this.expiryWindow = expiryWindow;
  }

  void start(@Observes StartupEvent ev, io.vertx.mutiny.core.Vertx vertx) {
    if (key.isEmpty()) {
      LOG.warn("no soa.payment.settlement-key: charges are not settled by this replica");
      return;
    }
    web3j = Web3j.build(new HttpService(rpcUrl));
    Credentials who = Credentials.create(key.get());
    escrow =
        UsageEscrow.load(
            config.escrow(),
            web3j,
            new RawTransactionManager(
                web3j,
                who,
                config.chainId(),
                new PollingTransactionReceiptProcessor(web3j, 200, 300)),
            new StaticGasProvider(
                BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(12_000_000)));
    vertx.setPeriodic(
        interval.toMillis(),
        interval.toMillis(),
        id -> round(null).subscribe().with(x -> {}, e -> LOG.warn("settlement round failed", e)));
  }

  void stop(@Observes ShutdownEvent ev) {
    if (web3j != null) {
      web3j.shutdown();
    }
  }

  /**
   * Settles now what can be settled, for {@code modelId} or (null) every model; the settlements
   * sent, none when nothing is due or a round is already running.
   */
  public Uni<List<UUID>> settleNow(String modelId) {
    if (key.isEmpty()) {
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
      BigInteger claimed) {}

  private record Batch(UUID id, String reason, List<Item> items) {}

  private Uni<List<UUID>> round(String only) {
    if (!busy.compareAndSet(false, true)) {
      return Uni.createFrom().item(List.of());
    }
    return store
        .pool()
        .withTransaction(this::pick)
        .flatMap(b -> b.isEmpty() ? Uni.createFrom().item(List.<UUID>of()) : send(b.get()))
        .eventually(() -> busy.set(false));
  }

  /** In one transaction (one replica): the candidates, and if due, the batch recorded in flight. */
  private Uni<Optional<Batch>> pick(SqlConnection tx) {
    return tx.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked")
        .execute(Tuple.of(LOCK_KEY))
        .flatMap(
            locked -> {
              if (!locked.iterator().next().getBoolean("locked")) {
                return Uni.createFrom().item(Optional.<Batch>empty());
              }
              return candidates(tx).flatMap(rows -> due(tx, rows));
            });
  }

  private Uni<io.vertx.mutiny.sqlclient.RowSet<Row>> candidates(SqlConnection tx) {
    return tx.preparedQuery(
            """
            SELECT c.channel_id, c.model_id, c.claimed, c.expires_at, v.cumulative_amount,
                   v.signature, o.oldest
            FROM channel c
            JOIN LATERAL (SELECT h.cumulative_amount, h.signature FROM charge h
                          WHERE h.channel_id = c.channel_id AND h.cumulative_amount <= c.charged
                            AND h.cumulative_amount > c.claimed
                          ORDER BY h.cumulative_amount DESC LIMIT 1) v ON true
            JOIN LATERAL (SELECT min(h.accepted_at) AS oldest FROM charge h
                          WHERE h.channel_id = c.channel_id AND h.charged_after > c.claimed) o
              ON true
            WHERE c.known AND NOT c.closed AND c.in_flight = 0 AND c.charged > c.claimed
            ORDER BY c.expires_at
            LIMIT $1""")
        .execute(Tuple.of(batchSize));
  }

  private Uni<Optional<Batch>> due(SqlConnection tx, io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
    String demand = onDemand.getAndSet(null);
    List<Item> items = new ArrayList<>();
    String reason = null;
    Instant now = Instant.now();
    for (Row r : rows) {
      Item item =
          new Item(
              PaymentStore.big(r.getBigDecimal("channel_id")),
              PaymentStore.big(r.getBigDecimal("model_id")),
              PaymentStore.big(r.getBigDecimal("cumulative_amount")),
              r.getBuffer("signature").getBytes(),
              PaymentStore.big(r.getBigDecimal("claimed")));
      if (demand != null && !"*".equals(demand) && !item.modelId().toString().equals(demand)) {
        continue;
      }
      items.add(item);
      if (reason == null
          && r.getLong("expires_at") - now.getEpochSecond() < expiryWindow.toSeconds()) {
        reason = "expiry";
      }
      java.time.OffsetDateTime oldest = r.getOffsetDateTime("oldest");
      if (reason == null && oldest != null && oldest.toInstant().isBefore(now.minus(maxAge))) {
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
    Batch batch = new Batch(UUID.randomUUID(), reason, items);
    Uni<Void> write =
        tx.preparedQuery(
                "INSERT INTO settlement (settlement_id, state, reason, created_at)"
                    + " VALUES ($1, 'submitted', $2, now())")
            .execute(Tuple.of(batch.id(), reason))
            .replaceWithVoid();
    for (Item i : items) {
      write =
          write
              .chain(
                  () ->
                      tx.preparedQuery(
                              "INSERT INTO settlement_item (settlement_id, channel_id, model_id,"
                                  + " cumulative_amount, signature, state) VALUES ($1, $2, $3, $4,"
                                  + " $5, 'in-flight')")
                          .execute(
                              Tuple.of(
                                  batch.id(),
                                  PaymentStore.dec(i.channelId()),
                                  PaymentStore.dec(i.modelId()),
                                  PaymentStore.dec(i.cumulative()),
                                  io.vertx.core.buffer.Buffer.buffer(i.signature()))))
              .chain(
                  () ->
                      tx.preparedQuery("UPDATE channel SET in_flight = $2 WHERE channel_id = $1")
                          .execute(
                              Tuple.of(
                                  PaymentStore.dec(i.channelId()),
                                  PaymentStore.dec(i.cumulative()))))
              .replaceWithVoid();
    }
    return write.replaceWith(Optional.of(batch));
  }

  /** Sends the batch's claimBatch (on a worker thread) and records what happened. */
  private Uni<List<UUID>> send(Batch b) {
    return Uni.createFrom()
        .item(
            () -> {
              List<UsageEscrow.Claim> claims = new ArrayList<>();
              for (Item i : b.items()) {
                byte[][] rvs = Vouchers.compact(i.signature());
                claims.add(new UsageEscrow.Claim(i.channelId(), i.cumulative(), rvs[0], rvs[1]));
              }
              try {
                TransactionReceipt r = escrow.claimBatch(claims).send();
                if (!r.isStatusOK()) {
                  throw new IllegalStateException(
                      "claimBatch reverted in " + r.getTransactionHash());
                }
                return r.getTransactionHash();
              } catch (RuntimeException e) {
                throw e;
              } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
              }
            })
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .flatMap(txHash -> submitted(b, txHash))
        .onFailure()
        .recoverWithUni(e -> failed(b, e));
  }

  private Uni<List<UUID>> submitted(Batch b, String txHash) {
    BigInteger amount = BigInteger.ZERO;
    for (Item i : b.items()) {
      amount = amount.add(i.cumulative().subtract(i.claimed()));
    }
    SettlementSubmitted event =
        new SettlementSubmitted(
            b.id().toString(),
            config.chainId(),
            b.reason(),
            txHash.toLowerCase(),
            b.items().size(),
            amount.toString(),
            PaymentStore.now().toString());
    LOG.infof(
        "settlement %s: %d channel(s), %s claimed in %s (%s)",
        b.id(), b.items().size(), amount, txHash, b.reason());
    return store
        .pool()
        .withTransaction(
            tx ->
                tx.preparedQuery("UPDATE settlement SET tx_hash = $2 WHERE settlement_id = $1")
                    .execute(Tuple.of(b.id(), txHash.toLowerCase()))
                    .chain(() -> outbox.add(tx, b.id() + ":submitted", event)))
        .replaceWith(List.of(b.id()));
  }

  private Uni<List<UUID>> failed(Batch b, Throwable e) {
    LOG.warnf("settlement %s failed; its channels are picked again: %s", b.id(), e.toString());
    String error = String.valueOf(e.getMessage());
    return store
        .pool()
        .withTransaction(
            tx ->
                tx.preparedQuery(
                        "UPDATE settlement SET state = 'failed', error = $2 WHERE settlement_id = $1")
                    .execute(
                        Tuple.of(b.id(), error.length() > 2000 ? error.substring(0, 2000) : error))
                    .chain(
                        () ->
                            tx.preparedQuery(
                                    "UPDATE settlement_item SET state = 'skipped', skip_reason = 'not sent'"
                                        + " WHERE settlement_id = $1")
                                .execute(Tuple.of(b.id())))
                    .chain(
                        () ->
                            tx.preparedQuery(
                                    "UPDATE channel SET in_flight = 0 WHERE channel_id IN (SELECT"
                                        + " channel_id FROM settlement_item WHERE settlement_id = $1)")
                                .execute(Tuple.of(b.id())))
                    .chain(
                        () ->
                            outbox.add(
                                tx,
                                b.id() + ":failed",
                                new SettlementFailed(
                                    b.id().toString(),
                                    config.chainId(),
                                    error.length() > 2000 ? error.substring(0, 2000) : error,
                                    PaymentStore.now().toString()))))
        .replaceWith(List.of(b.id()));
  }
}
