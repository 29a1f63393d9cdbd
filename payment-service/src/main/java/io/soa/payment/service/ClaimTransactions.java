package io.soa.payment.service;

import io.smallrye.mutiny.Uni;
import io.soa.events.payments.SettlementFailed;
import io.soa.payment.config.PaymentConfig;
import io.soa.payment.repository.BatchChannelStore;
import io.soa.payment.repository.Ledger;
import io.soa.payment.repository.PaymentStore;
import io.soa.payment.repository.Settlements;
import io.soa.payment.repository.X402Transfers;
import io.soa.payment.service.ClaimChain.Claim;
import io.soa.payment.service.ClaimChain.Signed;
import io.soa.platform.outbox.Outbox;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The settlement key's claimBatch transactions. Each is signed ({@link ClaimChain}) and recorded
 * (nonce, gas price, raw bytes) in the transaction that puts its channels in flight, and only then
 * broadcast, so a crash at any point leaves a transaction that can be sent again. Nonces come from
 * the chain's pending count and the settlements recorded here, under an advisory lock, so replicas
 * never reuse one. A transaction not mined after {@code settle-resubmit-after} is replaced: the
 * same nonce at a higher gas price (a quarter more, up to {@code max-gas-price}), which also
 * re-sends one the node lost. A settlement whose nonce the chain used for something else, or whose
 * transaction reverted, fails and frees its channels. Confirmation is not decided here: the
 * indexer's claim events confirm each channel ({@link Confirmations}). The key's x402 transfers
 * ({@link ExactSettler}) share the nonce sequence and the follow-up; a mined one is done.
 */
@ApplicationScoped
public class ClaimTransactions {
  private static final Logger LOG = Logger.getLogger(ClaimTransactions.class);
  static final long NONCE_LOCK = 0x5E77_1E01L;

  private final Pool pool;
  private final Ledger ledger;
  private final Settlements settlements;
  private final Outbox outbox;
  private final PaymentConfig config;
  private final ClaimChain chain;
  private final X402Transfers transfers;
  private final BatchChannelStore channels;
  private final Duration resubmitAfter;
  private final BigInteger maxGasPrice;

  public ClaimTransactions(
      Pool pool,
      Ledger ledger,
      Settlements settlements,
      Outbox outbox,
      PaymentConfig config,
      ClaimChain chain,
      X402Transfers transfers,
      BatchChannelStore channels) {
    this.pool = pool;
    this.ledger = ledger;
    this.settlements = settlements;
    this.outbox = outbox;
    this.config = config;
    this.chain = chain;
    this.transfers = transfers;
    this.channels = channels;
    this.resubmitAfter = config.settings().settleResubmitAfter();
    this.maxGasPrice = config.settings().maxGasPrice();
  }

  /** Whether this replica has a settlement key. */
  public boolean enabled() {
    return chain.enabled();
  }

  /** Signs a settlement's transaction at the nonce and gas price it is given. */
  public interface Signer {
    Signed sign(long nonce, BigInteger gasPrice);
  }

  /**
   * Signs settlement {@code id}'s claimBatch and records it in {@code tx} (which has recorded the
   * settlement): a new nonce, or {@code replacing}'s at a higher gas price.
   */
  public Uni<Signed> sign(
      SqlConnection tx, UUID id, List<Claim> claims, Optional<Signed> replacing) {
    return sign(tx, id, (nonce, gasPrice) -> chain.sign(id, claims, nonce, gasPrice), replacing);
  }

  /** Signs settlement {@code id}'s transaction with {@code signer} and records it in {@code tx}. */
  public Uni<Signed> sign(SqlConnection tx, UUID id, Signer signer, Optional<Signed> replacing) {
    return chain
        .state()
        .flatMap(
            state ->
                // every recorded nonce was used or is pending (a settlement fails only once its
                // nonce is taken), so the next is past all of them: a pending count read before
                // the lock cannot hand out one a replica just used
                settlements
                    .lockNonces(tx, NONCE_LOCK, id)
                    .flatMap(
                        openMax -> {
                          long nonce =
                              replacing
                                  .map(Signed::nonce)
                                  .orElse(
                                      Math.max(
                                          state.pendingNonce(), openMax == null ? 0 : openMax + 1));
                          BigInteger gasPrice =
                              replacing
                                  .map(
                                      r ->
                                          r.gasPrice()
                                              .multiply(BigInteger.valueOf(5))
                                              .divide(BigInteger.valueOf(4))
                                              .add(BigInteger.ONE)
                                              .max(state.gasPrice()))
                                  .orElse(state.gasPrice())
                                  .min(maxGasPrice);
                          Signed s = signer.sign(nonce, gasPrice);
                          return record(tx, s).replaceWith(s);
                        }));
  }

  private Uni<Void> record(SqlConnection tx, Signed s) {
    return settlements.recordTx(tx, s.settlementId(), s.txHash(), s.nonce(), s.gasPrice(), s.raw());
  }

  /**
   * Broadcasts a recorded transaction and waits a moment for its receipt: empty when not mined yet
   * or the node did not take it now ({@link #watch} follows up). A revert fails the settlement.
   */
  public Uni<Void> broadcast(Signed s) {
    return chain
        .send(s)
        .flatMap(
            refused -> {
              if (refused.isPresent()) {
                LOG.warnf(
                    "claim transaction %s (nonce %d) not taken now: %s; followed up later",
                    s.txHash(), s.nonce(), refused.get());
                return Uni.createFrom().<Optional<TransactionReceipt>>item(Optional.empty());
              }
              return chain.receipt(s.txHash(), 1_000);
            })
        .flatMap(
            r ->
                r.isPresent() && !r.get().isStatusOK()
                    ? fail(s.settlementId(), "claimBatch reverted in " + s.txHash())
                    : Uni.createFrom().voidItem())
        .onFailure()
        .recoverWithUni(
            e -> {
              LOG.warnf("claim transaction %s not sent now: %s; followed up later", s.txHash(), e);
              return Uni.createFrom().voidItem();
            });
  }

  /** {@code reason}: a claimBatch's, or x402 (a transfer) or x402-batch (a channel's call). */
  private record Open(UUID id, String reason, Signed last, List<String> hashes) {
    boolean x402() {
      return reason.equals("x402");
    }

    boolean batch() {
      return reason.equals("x402-batch");
    }
  }

  /**
   * Follows up the settlements sent longer than {@code settle-resubmit-after} ago whose channels
   * are still in flight: mined, it waits for the indexer; reverted, or its nonce taken by another
   * transaction, it fails; otherwise it is replaced at a higher gas price.
   */
  public Uni<Void> watch() {
    if (!enabled()) {
      return Uni.createFrom().voidItem();
    }
    return settlements
        .open((double) resubmitAfter.toMillis() / 1000)
        .flatMap(
            rows -> {
              Uni<Void> all = Uni.createFrom().voidItem();
              for (Settlements.Open r : rows) {
                Open o =
                    new Open(
                        r.id(),
                        r.reason(),
                        new Signed(r.id(), r.txHash(), r.nonce(), r.gasPrice(), r.raw()),
                        r.hashes());
                all = all.chain(() -> followUp(o));
              }
              return all;
            });
  }

  private enum Verdict {
    MINED,
    REVERTED,
    NONCE_TAKEN,
    PENDING
  }

  /** What became of a settlement's transactions: any mined, else whether its nonce is taken. */
  private Uni<Verdict> verdict(Open o, int i) {
    if (i == o.hashes().size()) {
      return chain
          .minedNonce()
          .map(mined -> mined > o.last().nonce() ? Verdict.NONCE_TAKEN : Verdict.PENDING);
    }
    return chain
        .receipt(o.hashes().get(i), 0)
        .flatMap(
            r ->
                r.isPresent()
                    ? Uni.createFrom().item(r.get().isStatusOK() ? Verdict.MINED : Verdict.REVERTED)
                    : verdict(o, i + 1));
  }

  /** Which of a settlement's transactions was mined (any of them may be the one). */
  private Uni<String> minedHash(Open o, int i) {
    if (i == o.hashes().size()) {
      return Uni.createFrom().item(o.last().txHash());
    }
    String h = o.hashes().get(i);
    return chain
        .receipt(h, 0)
        .flatMap(r -> r.isPresent() ? Uni.createFrom().item(h) : minedHash(o, i + 1));
  }

  private Uni<Void> followUp(Open o) {
    return verdict(o, 0)
        .flatMap(
            v ->
                switch (v) {
                  case MINED ->
                      o.x402()
                          ? minedHash(o, 0)
                              .flatMap(h -> transfers.confirm(o.id(), h))
                              .replaceWithVoid()
                          : o.batch()
                              ? minedHash(o, 0)
                                  .flatMap(h -> channels.confirmed(o.id(), h))
                                  .replaceWithVoid()
                              // the indexer confirms claims; look again after the same wait
                              : settlements.touch(o.id());
                  case REVERTED -> fail(o.id(), "claimBatch reverted");
                  case NONCE_TAKEN ->
                      fail(
                          o.id(), "nonce " + o.last().nonce() + " was used by another transaction");
                  case PENDING -> replace(o);
                })
        .onFailure()
        .recoverWithUni(
            e -> {
              LOG.warnf("settlement %s not followed up now: %s", o.id(), e.toString());
              return Uni.createFrom().voidItem();
            });
  }

  private Uni<Void> replace(Open o) {
    if (o.batch()) { // the same call again
      return pool.withTransaction(
              tx ->
                  sign(
                      tx,
                      o.id(),
                      (n, g) -> chain.again(o.id(), o.last().raw(), n, g),
                      Optional.of(o.last())))
          .flatMap(s -> replaced(o, s));
    }
    if (o.x402()) {
      return pool.withTransaction(
              tx ->
                  transfers
                      .of(tx, o.id())
                      .flatMap(
                          t ->
                              sign(
                                  tx,
                                  o.id(),
                                  (n, g) ->
                                      chain.transfer(
                                          o.id(), t.authorization(), t.signature(), n, g),
                                  Optional.of(o.last()))))
          .flatMap(s -> replaced(o, s));
    }
    return pool.withTransaction(
            tx ->
                settlements
                    .items(tx, o.id())
                    .flatMap(
                        items ->
                            sign(
                                tx,
                                o.id(),
                                items.stream()
                                    .map(
                                        i ->
                                            new Claim(i.channelId(), i.cumulative(), i.signature()))
                                    .toList(),
                                Optional.of(o.last()))))
        .flatMap(s -> replaced(o, s));
  }

  private Uni<Void> replaced(Open o, Signed s) {
    LOG.infof(
        "settlement %s: %s not mined after %s; sent %s (nonce %d, gas price %s -> %s)",
        o.id(),
        o.last().txHash(),
        resubmitAfter,
        s.txHash(),
        s.nonce(),
        o.last().gasPrice(),
        s.gasPrice());
    return broadcast(s);
  }

  /** Fails a settlement: its channels leave flight and are picked again by a later round. */
  public Uni<Void> fail(UUID id, String error) {
    LOG.warnf("settlement %s failed; its channels are picked again: %s", id, error);
    String e = error.length() > 2000 ? error.substring(0, 2000) : error;
    return pool.withTransaction(
        tx ->
            settlements
                .fail(tx, id, e)
                .flatMap(
                    failed ->
                        !failed
                            ? Uni.createFrom().voidItem() // confirmed or failed meanwhile
                            : ledger
                                .returnInTransit(tx, "i.settlement_id = $1", id)
                                .chain(() -> settlements.freeChannels(tx, id))
                                .chain(
                                    () ->
                                        outbox.add(
                                            tx,
                                            id + ":failed",
                                            new SettlementFailed(
                                                id.toString(),
                                                config.chainId(),
                                                e,
                                                PaymentStore.now().toString())))));
  }
}
