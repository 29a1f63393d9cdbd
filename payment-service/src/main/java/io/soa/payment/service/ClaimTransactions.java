package io.soa.payment.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.soa.contracts.Vouchers;
import io.soa.contracts.generated.UsageEscrow;
import io.soa.events.payments.SettlementFailed;
import io.soa.payment.config.PaymentConfig;
import io.soa.payment.repository.PaymentStore;
import io.soa.platform.outbox.Outbox;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

/**
 * The settlement key's claimBatch transactions. Each is signed here and recorded (nonce, gas price,
 * raw bytes) in the transaction that puts its channels in flight, and only then broadcast, so a
 * crash at any point leaves a transaction that can be sent again. Nonces come from the chain's
 * pending count and the settlements recorded here, under an advisory lock, so replicas never reuse
 * one. A transaction not mined after {@code settle-resubmit-after} is replaced: the same nonce at a
 * higher gas price (a quarter more, up to {@code max-gas-price}), which also re-sends one the node
 * lost. A settlement whose nonce the chain used for something else, or whose transaction reverted,
 * fails and frees its channels. Confirmation is not decided here: the indexer's claim events
 * confirm each channel ({@link Confirmations}).
 */
@ApplicationScoped
public class ClaimTransactions {
  private static final Logger LOG = Logger.getLogger(ClaimTransactions.class);
  static final long NONCE_LOCK = 0x5E77_1E01L;
  private static final BigInteger GAS_LIMIT = BigInteger.valueOf(12_000_000);

  /** One channel's claim: its voucher. */
  public record Claim(BigInteger channelId, BigInteger cumulative, byte[] signature) {}

  /** A signed, recorded claimBatch transaction. */
  public record Signed(
      UUID settlementId, String txHash, long nonce, BigInteger gasPrice, String raw) {}

  private final PaymentStore store;
  private final Outbox outbox;
  private final PaymentConfig config;
  private final Optional<String> key;
  private final String rpcUrl;
  private final Duration resubmitAfter;
  private final BigInteger maxGasPrice;
  private Web3j web3j;
  private Credentials who;
  private UsageEscrow encoder;

  public ClaimTransactions(
      PaymentStore store,
      Outbox outbox,
      PaymentConfig config,
      @ConfigProperty(name = "soa.payment.settlement-key") Optional<String> key,
      @ConfigProperty(name = "soa.chain.rpc-url") String rpcUrl,
      @ConfigProperty(name = "soa.payment.settle-resubmit-after") Duration resubmitAfter,
      @ConfigProperty(name = "soa.payment.max-gas-price") BigInteger maxGasPrice) {
    this.store = store;
    this.outbox = outbox;
    this.config = config;
    this.key = key.filter(k -> !k.isBlank());
    this.rpcUrl = rpcUrl;
    this.resubmitAfter = resubmitAfter;
    this.maxGasPrice = maxGasPrice;
  }

  void start(@Observes StartupEvent ev) {
    if (key.isEmpty()) {
      return;
    }
    web3j = Web3j.build(new HttpService(rpcUrl));
    who = Credentials.create(key.get());
    encoder =
        UsageEscrow.load(
            config.escrow(),
            web3j,
            new ReadonlyTransactionManager(web3j, who.getAddress()),
            new DefaultGasProvider());
  }

  void stop(@Observes ShutdownEvent ev) {
    if (web3j != null) {
      web3j.shutdown();
    }
  }

  /** Whether this replica has a settlement key. */
  public boolean enabled() {
    return key.isPresent();
  }

  /** The chain's view of the key: its pending nonce and the node's gas price. */
  private record ChainState(long pendingNonce, BigInteger gasPrice) {}

  private Uni<ChainState> chainState() {
    return blocking(
        () -> {
          String a = who.getAddress();
          return new ChainState(
              web3j
                  .ethGetTransactionCount(a, DefaultBlockParameterName.PENDING)
                  .send()
                  .getTransactionCount()
                  .longValueExact(),
              web3j.ethGasPrice().send().getGasPrice());
        });
  }

  /**
   * Signs settlement {@code id}'s claimBatch and records it in {@code tx} (which has recorded the
   * settlement): a new nonce, or {@code replacing}'s at a higher gas price.
   */
  public Uni<Signed> sign(
      SqlConnection tx, UUID id, List<Claim> claims, Optional<Signed> replacing) {
    return chainState()
        .flatMap(
            chain ->
                tx.preparedQuery(
                        // every recorded nonce was used or is pending (a settlement fails only
                        // once its nonce is taken), so the next is past all of them: a pending
                        // count read before the lock cannot hand out one a replica just used
                        "SELECT pg_advisory_xact_lock($1), (SELECT max(nonce) FROM settlement"
                            + " WHERE settlement_id <> $2) AS open_max")
                    .execute(Tuple.of(NONCE_LOCK, id))
                    .flatMap(
                        rows -> {
                          Long openMax = rows.iterator().next().getLong("open_max");
                          long nonce =
                              replacing
                                  .map(Signed::nonce)
                                  .orElse(
                                      Math.max(
                                          chain.pendingNonce(), openMax == null ? 0 : openMax + 1));
                          BigInteger gasPrice =
                              replacing
                                  .map(
                                      r ->
                                          r.gasPrice()
                                              .multiply(BigInteger.valueOf(5))
                                              .divide(BigInteger.valueOf(4))
                                              .add(BigInteger.ONE)
                                              .max(chain.gasPrice()))
                                  .orElse(chain.gasPrice())
                                  .min(maxGasPrice);
                          Signed s = signed(id, claims, nonce, gasPrice);
                          return record(tx, s).replaceWith(s);
                        }));
  }

  private Signed signed(UUID id, List<Claim> claims, long nonce, BigInteger gasPrice) {
    List<UsageEscrow.Claim> encoded = new ArrayList<>();
    for (Claim c : claims) {
      byte[][] rvs = Vouchers.compact(c.signature());
      encoded.add(new UsageEscrow.Claim(c.channelId(), c.cumulative(), rvs[0], rvs[1]));
    }
    RawTransaction raw =
        RawTransaction.createTransaction(
            BigInteger.valueOf(nonce),
            gasPrice,
            GAS_LIMIT,
            config.escrow(),
            encoder.claimBatch(encoded).encodeFunctionCall());
    String hex = Numeric.toHexString(TransactionEncoder.signMessage(raw, config.chainId(), who));
    return new Signed(id, Hash.sha3(hex).toLowerCase(), nonce, gasPrice, hex);
  }

  private Uni<Void> record(SqlConnection tx, Signed s) {
    return tx.preparedQuery(
            "INSERT INTO settlement_tx (tx_hash, settlement_id, nonce, gas_price, raw_tx, sent_at)"
                + " VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT DO NOTHING")
        .execute(
            Tuple.of(s.txHash(), s.settlementId(), s.nonce(), PaymentStore.dec(s.gasPrice()))
                .addString(s.raw()))
        .chain(
            () ->
                tx.preparedQuery(
                        "UPDATE settlement SET tx_hash = $2, nonce = $3, sent_at = now()"
                            + " WHERE settlement_id = $1")
                    .execute(Tuple.of(s.settlementId(), s.txHash(), s.nonce())))
        .replaceWithVoid();
  }

  /**
   * Broadcasts a recorded transaction and waits a moment for its receipt: empty when not mined yet
   * or the node did not take it now ({@link #watch} follows up). A revert fails the settlement.
   */
  public Uni<Void> broadcast(Signed s) {
    return blocking(
            () -> {
              EthSendTransaction sent = web3j.ethSendRawTransaction(s.raw()).send();
              if (sent.hasError()) {
                LOG.warnf(
                    "claim transaction %s (nonce %d) not taken now: %s; followed up later",
                    s.txHash(), s.nonce(), sent.getError().getMessage());
                return Optional.<TransactionReceipt>empty();
              }
              for (int i = 0; i < 10; i++) {
                Optional<TransactionReceipt> r =
                    web3j.ethGetTransactionReceipt(s.txHash()).send().getTransactionReceipt();
                if (r.isPresent()) {
                  return r;
                }
                Thread.sleep(100);
              }
              return Optional.<TransactionReceipt>empty();
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

  private record Open(UUID id, Signed last, List<String> hashes) {}

  /**
   * Follows up the settlements sent longer than {@code settle-resubmit-after} ago whose channels
   * are still in flight: mined, it waits for the indexer; reverted, or its nonce taken by another
   * transaction, it fails; otherwise it is replaced at a higher gas price.
   */
  public Uni<Void> watch() {
    if (!enabled()) {
      return Uni.createFrom().voidItem();
    }
    return store
        .pool()
        .preparedQuery(
            """
            SELECT s.settlement_id, t.tx_hash, t.nonce, t.gas_price, t.raw_tx,
                   (SELECT array_agg(x.tx_hash) FROM settlement_tx x
                    WHERE x.settlement_id = s.settlement_id) AS hashes
            FROM settlement s
            JOIN settlement_tx t ON t.settlement_id = s.settlement_id AND t.tx_hash = s.tx_hash
            WHERE s.state = 'submitted' AND s.sent_at < now() - make_interval(secs => $1)
              AND EXISTS (SELECT 1 FROM settlement_item i
                          WHERE i.settlement_id = s.settlement_id AND i.state = 'in-flight')
            ORDER BY s.sent_at LIMIT 20""")
        .execute(Tuple.of((double) resubmitAfter.toMillis() / 1000))
        .flatMap(
            rows -> {
              List<Open> open = new ArrayList<>();
              for (Row r : rows) {
                UUID id = r.getUUID("settlement_id");
                open.add(
                    new Open(
                        id,
                        new Signed(
                            id,
                            r.getString("tx_hash"),
                            r.getLong("nonce"),
                            PaymentStore.big(r.getBigDecimal("gas_price")),
                            r.getString("raw_tx")),
                        List.of(r.getArrayOfStrings("hashes"))));
              }
              Uni<Void> all = Uni.createFrom().voidItem();
              for (Open o : open) {
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

  private Uni<Void> followUp(Open o) {
    return blocking(
            () -> {
              for (String h : o.hashes()) {
                Optional<TransactionReceipt> r =
                    web3j.ethGetTransactionReceipt(h).send().getTransactionReceipt();
                if (r.isPresent()) {
                  return r.get().isStatusOK() ? Verdict.MINED : Verdict.REVERTED;
                }
              }
              long mined =
                  web3j
                      .ethGetTransactionCount(who.getAddress(), DefaultBlockParameterName.LATEST)
                      .send()
                      .getTransactionCount()
                      .longValueExact();
              return mined > o.last().nonce() ? Verdict.NONCE_TAKEN : Verdict.PENDING;
            })
        .flatMap(
            v ->
                switch (v) {
                  case MINED -> // the indexer confirms; look again after the same wait
                      store
                          .pool()
                          .preparedQuery(
                              "UPDATE settlement SET sent_at = now() WHERE settlement_id = $1")
                          .execute(Tuple.of(o.id()))
                          .replaceWithVoid();
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
    return store
        .pool()
        .withTransaction(
            tx ->
                tx.preparedQuery(
                        "SELECT channel_id, cumulative_amount, signature FROM settlement_item"
                            + " WHERE settlement_id = $1 ORDER BY channel_id")
                    .execute(Tuple.of(o.id()))
                    .flatMap(
                        rows -> {
                          List<Claim> claims = new ArrayList<>();
                          for (Row r : rows) {
                            claims.add(
                                new Claim(
                                    PaymentStore.big(r.getBigDecimal("channel_id")),
                                    PaymentStore.big(r.getBigDecimal("cumulative_amount")),
                                    r.getBuffer("signature").getBytes()));
                          }
                          return sign(tx, o.id(), claims, Optional.of(o.last()));
                        }))
        .flatMap(
            s -> {
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
            });
  }

  /** Fails a settlement: its channels leave flight and are picked again by a later round. */
  public Uni<Void> fail(UUID id, String error) {
    LOG.warnf("settlement %s failed; its channels are picked again: %s", id, error);
    String e = error.length() > 2000 ? error.substring(0, 2000) : error;
    return store
        .pool()
        .withTransaction(
            tx ->
                tx.preparedQuery(
                        "UPDATE settlement SET state = 'failed', error = $2"
                            + " WHERE settlement_id = $1 AND state = 'submitted' RETURNING 1")
                    .execute(Tuple.of(id, e))
                    .flatMap(
                        updated ->
                            updated.size() == 0
                                ? Uni.createFrom().voidItem() // confirmed or failed meanwhile
                                : freeChannels(tx, id)
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

  private Uni<Void> freeChannels(SqlConnection tx, UUID id) {
    return store
        .returnInTransit(tx, "i.settlement_id = $1", id)
        .chain(
            () ->
                tx.preparedQuery(
                        "UPDATE channel SET in_flight = 0 WHERE channel_id IN (SELECT channel_id FROM"
                            + " settlement_item WHERE settlement_id = $1 AND state = 'in-flight')")
                    .execute(Tuple.of(id)))
        .chain(
            () ->
                tx.preparedQuery(
                        "UPDATE settlement_item SET state = 'skipped', skip_reason = 'not sent'"
                            + " WHERE settlement_id = $1 AND state = 'in-flight'")
                    .execute(Tuple.of(id)))
        .replaceWithVoid();
  }

  interface Call<T> {
    T call() throws Exception;
  }

  private static <T> Uni<T> blocking(Call<T> call) {
    return Uni.createFrom()
        .item(
            () -> {
              try {
                return call.call();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              } catch (RuntimeException e) {
                throw e;
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }
}
