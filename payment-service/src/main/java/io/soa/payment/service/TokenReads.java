package io.soa.payment.service;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.soa.contracts.generated.SOAToken;
import io.soa.contracts.generated.X402BatchSettlement;
import io.soa.payment.config.PaymentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigInteger;
import java.util.concurrent.Callable;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * What x402 verification asks $SOA on the chain: a payer's balance and whether an ERC-3009 nonce is
 * spent. Each read blocks on the RPC node, so it runs on a worker thread.
 */
@ApplicationScoped
public class TokenReads {
  private final PaymentConfig config;
  private volatile Web3j web3j;
  private volatile SOAToken token;
  private volatile X402BatchSettlement settlement;

  public TokenReads(PaymentConfig config) {
    this.config = config;
  }

  /** $SOA's address, lower-case; empty when the deployment names none. */
  public String address() {
    return config
        .chain()
        .contracts()
        .soaToken()
        .map(a -> a.toLowerCase(java.util.Locale.ROOT))
        .orElse("");
  }

  public Uni<BigInteger> balanceOf(String account) {
    return blocking(() -> token().balanceOf(account).send());
  }

  /** Whether {@code nonce} of {@code authorizer} is used or canceled. */
  public Uni<Boolean> nonceSpent(String authorizer, byte[] nonce) {
    return blocking(() -> token().authorizationState(authorizer, nonce).send());
  }

  /** A batch-settlement channel as the chain holds it. */
  public record ChannelOnChain(
      BigInteger balance,
      BigInteger totalClaimed,
      long withdrawRequestedAt,
      BigInteger refundNonce) {}

  /** The channel {@code id} of the batch-settlement contract (all zero when it never existed). */
  public Uni<ChannelOnChain> channel(byte[] id) {
    return blocking(
        () -> {
          X402BatchSettlement s = settlement();
          var c = s.channels(id).send();
          var w = s.pendingWithdrawals(id).send();
          return new ChannelOnChain(
              c.component1(),
              c.component2(),
              w.component1().signum() == 0 ? 0 : w.component2().longValueExact(),
              s.refundNonce(id).send());
        });
  }

  /** What {@code receiver} has claimed in {@code token} and not yet been sent. */
  public Uni<BigInteger> unsettled(String receiver, String token) {
    return blocking(
        () -> {
          var r = settlement().receivers(receiver, token).send();
          return r.component1().subtract(r.component2());
        });
  }

  private synchronized X402BatchSettlement settlement() {
    if (settlement == null) {
      token(); // connects
      String at = config.chain().address("X402BatchSettlement");
      settlement =
          X402BatchSettlement.load(
              at, web3j, new ReadonlyTransactionManager(web3j, at), new DefaultGasProvider());
    }
    return settlement;
  }

  private synchronized SOAToken token() {
    if (token == null) {
      String rpc =
          config
              .chain()
              .rpcUrl()
              .orElseThrow(() -> new IllegalStateException("soa.chain.rpc-url is not set"));
      web3j = Web3j.build(new HttpService(rpc));
      token =
          SOAToken.load(
              address(),
              web3j,
              new ReadonlyTransactionManager(web3j, address()),
              new DefaultGasProvider());
    }
    return token;
  }

  void stop(@Observes ShutdownEvent ev) {
    if (web3j != null) {
      web3j.shutdown();
    }
  }

  private static <T> Uni<T> blocking(Callable<T> call) {
    return Uni.createFrom()
        .item(
            () -> {
              try {
                return call.call();
              } catch (RuntimeException e) {
                throw e;
              } catch (Exception e) {
                throw new io.soa.platform.error.UpstreamFailure(
                    503, "chain-unavailable", "the chain node did not answer: " + e.getMessage());
              }
            })
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }
}
