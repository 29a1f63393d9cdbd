package io.soa.payment.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.soa.contracts.TransferAuthorizations.Authorization;
import io.soa.contracts.Vouchers;
import io.soa.contracts.generated.SOAToken;
import io.soa.contracts.generated.UsageEscrow;
import io.soa.payment.config.PaymentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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

/**
 * The settlement key's side of the chain: it signs claimBatch transactions (web3j encodes and
 * signs) and asks the node about them. Every call blocks on the RPC node, so each runs on a worker
 * thread. {@link ClaimTransactions} decides what to sign and send, and records it.
 */
@ApplicationScoped
public class ClaimChain {
  private static final BigInteger GAS_LIMIT = BigInteger.valueOf(12_000_000);
  // an ERC-3009 transfer takes about 60k gas; the node wants the key to hold limit x price
  private static final BigInteger TRANSFER_GAS_LIMIT = BigInteger.valueOf(200_000);

  /** One channel's claim: its voucher. */
  public record Claim(BigInteger channelId, BigInteger cumulative, byte[] signature) {}

  /** A signed claimBatch transaction of a settlement. */
  public record Signed(
      UUID settlementId, String txHash, long nonce, BigInteger gasPrice, String raw) {}

  /** The key's pending nonce and the node's gas price. */
  public record State(long pendingNonce, BigInteger gasPrice) {}

  private final PaymentConfig config;
  private final Optional<String> key;
  private final String rpcUrl;
  private Web3j web3j;
  private Credentials who;
  private UsageEscrow encoder;
  private SOAToken token; // to encode x402 transfers; null when the deployment names no $SOA

  public ClaimChain(PaymentConfig config) {
    Optional<String> key = config.settings().settlementKey();
    String rpcUrl =
        config
            .chain()
            .rpcUrl()
            .orElseThrow(() -> new IllegalStateException("soa.chain.rpc-url is not set"));
    this.config = config;
    this.key = key.filter(k -> !k.isBlank());
    this.rpcUrl = rpcUrl;
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
    config
        .chain()
        .contracts()
        .soaToken()
        .ifPresent(
            a ->
                token =
                    SOAToken.load(
                        a,
                        web3j,
                        new ReadonlyTransactionManager(web3j, who.getAddress()),
                        new DefaultGasProvider()));
  }

  /** The settlement key (the receiver authorizer of x402 channels); null without one. */
  Credentials credentials() {
    return who;
  }

  /** The settlement key's address, lower-case; empty without a key. */
  public String address() {
    return who == null ? "" : who.getAddress().toLowerCase(java.util.Locale.ROOT);
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

  public Uni<State> state() {
    return blocking(
        () ->
            new State(
                nonce(DefaultBlockParameterName.PENDING),
                web3j.ethGasPrice().send().getGasPrice()));
  }

  /** How many of the key's transactions are mined. */
  public Uni<Long> minedNonce() {
    return blocking(() -> nonce(DefaultBlockParameterName.LATEST));
  }

  private long nonce(DefaultBlockParameterName at) throws IOException {
    return web3j
        .ethGetTransactionCount(who.getAddress(), at)
        .send()
        .getTransactionCount()
        .longValueExact();
  }

  /** Encodes and signs settlement {@code id}'s claimBatch of {@code claims}. */
  public Signed sign(UUID id, List<Claim> claims, long nonce, BigInteger gasPrice) {
    List<UsageEscrow.Claim> encoded = new ArrayList<>();
    for (Claim c : claims) {
      byte[][] rvs = Vouchers.compact(c.signature());
      encoded.add(new UsageEscrow.Claim(c.channelId(), c.cumulative(), rvs[0], rvs[1]));
    }
    return signCall(
        id,
        config.escrow(),
        encoder.claimBatch(encoded).encodeFunctionCall(),
        GAS_LIMIT,
        nonce,
        gasPrice);
  }

  /**
   * Encodes and signs x402 settlement {@code id}: $SOA's transferWithAuthorization of {@code a}
   * with the payer's {@code signature} (65 bytes, hex), submitted by the settlement key.
   */
  public Signed transfer(
      UUID id, Authorization a, String signature, long nonce, BigInteger gasPrice) {
    if (token == null) {
      throw new IllegalStateException("soa.chain.contracts.soa-token is not set");
    }
    String data =
        token
            .transferWithAuthorization(
                a.from(),
                a.to(),
                a.value(),
                a.validAfter(),
                a.validBefore(),
                a.nonce(),
                org.web3j.utils.Numeric.hexStringToByteArray(signature))
            .encodeFunctionCall();
    return signCall(id, token.getContractAddress(), data, TRANSFER_GAS_LIMIT, nonce, gasPrice);
  }

  /**
   * The transaction {@code last} signed again at {@code nonce} and {@code gasPrice}: the same call,
   * to replace one that was not mined.
   */
  public Signed again(UUID id, String last, long nonce, BigInteger gasPrice) {
    RawTransaction t = org.web3j.crypto.TransactionDecoder.decode(last);
    return signCall(id, t.getTo(), t.getData(), t.getGasLimit(), nonce, gasPrice);
  }

  /**
   * Signs a call of {@code data} to {@code to} from the settlement key, as settlement {@code id}.
   */
  public Signed signCall(
      UUID id, String to, String data, BigInteger gasLimit, long nonce, BigInteger gasPrice) {
    RawTransaction raw =
        RawTransaction.createTransaction(BigInteger.valueOf(nonce), gasPrice, gasLimit, to, data);
    String hex =
        org.web3j.utils.Numeric.toHexString(
            TransactionEncoder.signMessage(raw, config.chainId(), who));
    return new Signed(id, Hash.sha3(hex).toLowerCase(), nonce, gasPrice, hex);
  }

  /** Sends a signed transaction; the node's refusal as text, empty when it took it. */
  public Uni<Optional<String>> send(Signed s) {
    return blocking(
        () -> {
          EthSendTransaction sent = web3j.ethSendRawTransaction(s.raw()).send();
          return sent.hasError()
              ? Optional.of(sent.getError().getMessage())
              : Optional.<String>empty();
        });
  }

  /** The receipt of {@code txHash}, waiting up to {@code waitMs} for it to appear. */
  public Uni<Optional<TransactionReceipt>> receipt(String txHash, long waitMs) {
    return blocking(
        () -> {
          long deadline = System.currentTimeMillis() + waitMs;
          while (true) {
            Optional<TransactionReceipt> r =
                web3j.ethGetTransactionReceipt(txHash).send().getTransactionReceipt();
            if (r.isPresent() || System.currentTimeMillis() >= deadline) {
              return r;
            }
            Thread.sleep(100);
          }
        });
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
