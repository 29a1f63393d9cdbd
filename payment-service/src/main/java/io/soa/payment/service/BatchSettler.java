package io.soa.payment.service;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.soa.contracts.BatchChannels;
import io.soa.contracts.BatchChannels.Claim;
import io.soa.contracts.BatchChannels.Config;
import io.soa.payment.repository.BatchChannelStore;
import io.soa.payment.repository.BatchChannelStore.ClaimRow;
import io.soa.payment.service.BatchVerifier.Payload;
import io.soa.platform.error.UpstreamFailure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.web3j.utils.Numeric;

/**
 * The chain side of x402 channels, sent from the settlement key as settlements of reason {@code
 * x402-batch} (its one nonce sequence, recorded before broadcast, followed up and replaced like
 * every claim): a payer's deposit (once per ERC-3009 authorization); rounds that claim every
 * channel charged beyond its claims with one ClaimBatch signature and settle their payees, in one
 * multicall; a cooperative refund, after claiming what was charged. Each waits for its receipt.
 */
@ApplicationScoped
public class BatchSettler {
  private static final Logger LOG = Logger.getLogger(BatchSettler.class);
  static final long RECEIPT_WAIT_MS = 15_000;

  private final ClaimChain chain;
  private final ClaimTransactions transactions;
  private final BatchChannelStore store;
  private final BatchVerifier verifier;
  private final Pool pool;
  private final Duration interval;
  private final int batchSize;
  private final AtomicBoolean busy = new AtomicBoolean();

  public BatchSettler(
      ClaimChain chain,
      ClaimTransactions transactions,
      BatchChannelStore store,
      BatchVerifier verifier,
      Pool pool,
      io.soa.payment.config.PaymentConfig config) {
    this.chain = chain;
    this.transactions = transactions;
    this.store = store;
    this.verifier = verifier;
    this.pool = pool;
    this.interval = config.settings().x402ClaimInterval();
    this.batchSize = config.settings().settleBatchSize();
  }

  void start(@Observes StartupEvent ev, io.vertx.mutiny.core.Vertx vertx) {
    if (!chain.enabled() || !verifier.settles()) {
      return;
    }
    vertx.setPeriodic(
        interval.toMillis(),
        interval.toMillis(),
        id -> claimRound().subscribe().with(x -> {}, e -> LOG.warn("x402 claim round failed", e)));
  }

  /** Whether this replica can send channel transactions (it has the settlement key). */
  public boolean enabled() {
    return chain.enabled() && verifier.settles();
  }

  /** The receiver authorizer of x402 channels: the settlement key's address. */
  public String authorizer() {
    return chain.address();
  }

  /** Sends a payer's deposit; its transaction, or empty when this authorization was used before. */
  public Uni<Optional<String>> deposit(Payload p) {
    String authKey = p.payer() + ":" + Numeric.toHexString(p.auth().nonce());
    UUID sid =
        UUID.nameUUIDFromBytes(("x402b-deposit:" + authKey).getBytes(StandardCharsets.UTF_8));
    byte[] data =
        BatchChannels.collectorData(
            p.auth().validAfter(),
            p.auth().validBefore(),
            p.authSalt(),
            Numeric.hexStringToByteArray(p.authSignature()));
    String call = BatchCalls.deposit(p.config(), p.deposit(), data);
    return send(
        sid,
        tx -> store.recordTx(tx, sid, "deposit", p.channelId(), p.deposit(), authKey),
        call,
        BatchCalls.DEPOSIT_GAS);
  }

  /**
   * Claims everything charged on up to settle-batch-size channels and settles their payees in one
   * transaction; empty when nothing is due or a round is running.
   */
  public Uni<Optional<String>> claimRound() {
    if (!enabled() || !busy.compareAndSet(false, true)) {
      return Uni.createFrom().item(Optional.empty());
    }
    return store
        .toClaim(batchSize)
        .flatMap(
            rows ->
                rows.isEmpty()
                    ? Uni.createFrom().item(Optional.<String>empty())
                    : claim(rows, null))
        .eventually(() -> busy.set(false));
  }

  /**
   * Refunds {@code amount} of channel {@code c} to its payer, claiming first what {@code charged}
   * says was spent ({@code row} its latest voucher, null when nothing is to claim).
   */
  public Uni<Optional<String>> refund(ClaimRow row, Config c, String channelId, BigInteger amount) {
    UUID sid = UUID.randomUUID();
    List<byte[]> calls = new ArrayList<>();
    if (row != null) {
      calls.add(BatchCalls.claim(verifier.channels(), List.of(claimOf(row)), chain.credentials()));
      calls.add(BatchCalls.settle(c.receiver(), c.token()));
    }
    calls.add(BatchCalls.refund(c, amount));
    return send(
        sid,
        tx ->
            store
                .recordTx(tx, sid, "refund", channelId, amount, null)
                .call(
                    () ->
                        row == null
                            ? Uni.createFrom().voidItem()
                            : store.claimItems(
                                tx, sid, List.of(channelId), List.of(row.charged()))),
        BatchCalls.multicall(calls),
        BatchCalls.gas(row == null ? 0 : 1, row == null ? 0 : 1, true));
  }

  /** Claims another server's rows (channels this key authorizes) with one ClaimBatch signature. */
  public Uni<Optional<String>> claim(List<Claim> claims) {
    UUID sid = UUID.randomUUID();
    byte[] call = BatchCalls.claim(verifier.channels(), claims, chain.credentials());
    return send(
        sid,
        tx -> store.recordTx(tx, sid, "claim", null, null, null),
        BatchCalls.multicall(List.of(call)),
        BatchCalls.gas(claims.size(), 0, false));
  }

  /** Sends what {@code receiver} has claimed in {@code token} to it (anyone may). */
  public Uni<Optional<String>> settle(String receiver, String token) {
    UUID sid = UUID.randomUUID();
    return send(
        sid,
        tx -> store.recordTx(tx, sid, "settle", null, null, null),
        BatchCalls.multicall(List.of(BatchCalls.settle(receiver, token))),
        BatchCalls.gas(0, 1, false));
  }

  /** Another server's refund: its claim rows first, then {@code amount} back to the payer. */
  public Uni<Optional<String>> refundRows(
      List<Claim> claims, Config c, String channelId, BigInteger amount) {
    UUID sid = UUID.randomUUID();
    List<byte[]> calls = new ArrayList<>();
    if (!claims.isEmpty()) {
      calls.add(BatchCalls.claim(verifier.channels(), claims, chain.credentials()));
    }
    calls.add(BatchCalls.refund(c, amount));
    return send(
        sid,
        tx -> store.recordTx(tx, sid, "refund", null, amount, null),
        BatchCalls.multicall(calls),
        BatchCalls.gas(claims.size(), 0, true));
  }

  private Uni<Optional<String>> claim(List<ClaimRow> rows, String only) {
    UUID sid = UUID.randomUUID();
    List<Claim> claims = rows.stream().map(BatchSettler::claimOf).toList();
    List<byte[]> calls = new ArrayList<>();
    calls.add(BatchCalls.claim(verifier.channels(), claims, chain.credentials()));
    Set<String> receivers = new LinkedHashSet<>();
    rows.forEach(r -> receivers.add(r.config().receiver() + " " + r.config().token()));
    for (String rt : receivers) {
      String[] x = rt.split(" ");
      calls.add(BatchCalls.settle(x[0], x[1]));
    }
    List<String> ids =
        rows.stream()
            .map(r -> BatchChannels.hex(verifier.channels().channelId(r.config())))
            .toList();
    return send(
        sid,
        tx ->
            store
                .recordTx(tx, sid, "claim", null, null, null)
                .call(
                    () ->
                        store.claimItems(
                            tx, sid, ids, rows.stream().map(ClaimRow::charged).toList())),
        BatchCalls.multicall(calls),
        BatchCalls.gas(rows.size(), receivers.size(), false));
  }

  private static Claim claimOf(ClaimRow r) {
    return new Claim(
        r.config(), r.signedMax(), Numeric.hexStringToByteArray(r.signature()), r.charged());
  }

  /**
   * Records settlement {@code sid} with {@code record}, signs {@code call} in the key's sequence,
   * broadcasts it and waits for its receipt: its hash once mined; empty when {@code record} says it
   * was done before. A revert fails it (x402's transaction_failed); a chain that does not mine it
   * in time is a 503 (the follow-up sends it again).
   */
  private Uni<Optional<String>> send(
      UUID sid, Function<SqlConnection, Uni<?>> record, String call, BigInteger gas) {
    String to = verifier.channels() == null ? "" : BatchChannels.SETTLEMENT;
    return pool.withTransaction(
            tx ->
                record
                    .apply(tx)
                    .flatMap(
                        fresh ->
                            Boolean.FALSE.equals(fresh)
                                ? Uni.createFrom().item(Optional.<ClaimChain.Signed>empty())
                                : transactions
                                    .sign(
                                        tx,
                                        sid,
                                        (n, g) -> chain.signCall(sid, to, call, gas, n, g),
                                        Optional.empty())
                                    .map(Optional::of)))
        .flatMap(
            s -> s.isEmpty() ? Uni.createFrom().item(Optional.<String>empty()) : mined(s.get()));
  }

  private Uni<Optional<String>> mined(ClaimChain.Signed s) {
    return chain
        .send(s)
        .flatMap(x -> chain.receipt(s.txHash(), RECEIPT_WAIT_MS))
        .flatMap(
            r -> {
              if (r.isEmpty()) {
                throw new UpstreamFailure(
                    503,
                    "payment-unavailable",
                    "the channel transaction is not mined yet: " + s.txHash());
              }
              if (!r.get().isStatusOK()) {
                return transactions
                    .fail(s.settlementId(), "x402 channel transaction reverted in " + s.txHash())
                    .replaceWith(Optional.<String>empty())
                    .invoke(
                        x -> {
                          throw new Reverted(s.txHash());
                        });
              }
              return store
                  .confirmed(s.settlementId(), s.txHash())
                  .replaceWith(Optional.of(s.txHash()));
            });
  }

  /** A channel transaction that reverted. */
  public static final class Reverted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Reverted(String tx) {
      super("reverted in " + tx, null, false, false);
    }
  }
}
