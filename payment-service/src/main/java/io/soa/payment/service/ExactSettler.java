package io.soa.payment.service;

import io.smallrye.mutiny.Uni;
import io.soa.contracts.TransferAuthorizations.Authorization;
import io.soa.payment.api.X402Request;
import io.soa.payment.api.X402Settlement;
import io.soa.payment.repository.X402Transfers;
import io.soa.payment.service.ClaimChain.Signed;
import io.soa.platform.error.UpstreamFailure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.web3j.utils.Numeric;

/**
 * Settles x402 {@code exact} payments in $SOA as their facilitator: verifies the payload as {@link
 * ExactVerifier} does, records the authorization once (a replay, or a second request racing the
 * first, is refused as a used nonce), and sends its transferWithAuthorization from the settlement
 * key, in the key's nonce sequence, recorded before it is broadcast ({@link ClaimTransactions}). It
 * answers once the transaction is mined, or {@code settlement_pending} with its hash when the chain
 * is slow; the key's follow-up sends it again until it is mined or its nonce is taken.
 */
@ApplicationScoped
public class ExactSettler {
  private static final Logger LOG = Logger.getLogger(ExactSettler.class);
  static final long RECEIPT_WAIT_MS = 15_000;

  private final ExactVerifier verifier;
  private final ClaimTransactions transactions;
  private final ClaimChain chain;
  private final X402Transfers transfers;
  private final Pool pool;

  public ExactSettler(
      ExactVerifier verifier,
      ClaimTransactions transactions,
      ClaimChain chain,
      X402Transfers transfers,
      Pool pool) {
    this.verifier = verifier;
    this.transactions = transactions;
    this.chain = chain;
    this.transfers = transfers;
    this.pool = pool;
  }

  /** The body of {@code POST /settle}, as for {@code /verify}. */
  public Uni<X402Settlement> settle(X402Request body) {
    if (!chain.enabled()) {
      throw new UpstreamFailure(
          503, "x402-settlement-unavailable", "this replica has no settlement key to settle with");
    }
    String network = verifier.network();
    return verifier
        .verify(body)
        .flatMap(
            v -> {
              if (!v.isValid()) {
                return done(X402Settlement.failed(v.invalidReason(), v.payer(), "", network));
              }
              var payload = body.paymentPayload().path("payload");
              Authorization a = ExactVerifier.authorization(payload.path("authorization"));
              String sig = payload.path("signature").asText().toLowerCase(Locale.ROOT);
              return submit(a, sig)
                  .flatMap(
                      s ->
                          s.isEmpty()
                              ? done(
                                  X402Settlement.failed(
                                      "invalid_exact_evm_nonce_already_used",
                                      a.from(),
                                      "",
                                      network))
                              : mined(s.get(), a, network));
            });
  }

  /** Records the authorization and signs its transfer; empty when it was taken before. */
  private Uni<Optional<Signed>> submit(Authorization a, String sig) {
    UUID id = settlementId(a);
    return pool.withTransaction(
        tx ->
            transfers
                .record(tx, id, a, sig)
                .flatMap(
                    fresh ->
                        !fresh
                            ? Uni.createFrom().item(Optional.<Signed>empty())
                            : transactions
                                .sign(
                                    tx,
                                    id,
                                    (nonce, gasPrice) ->
                                        chain.transfer(id, a, sig, nonce, gasPrice),
                                    Optional.empty())
                                .map(Optional::of)));
  }

  /** One settlement per authorization, whoever asks: its id is derived from payer and nonce. */
  static UUID settlementId(Authorization a) {
    String key = "x402:" + a.from() + ":" + Numeric.toHexString(a.nonce());
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
  }

  private Uni<X402Settlement> mined(Signed s, Authorization a, String network) {
    String amount = a.value().toString();
    return chain
        .send(s)
        .invoke(
            refused ->
                refused.ifPresent(
                    r -> LOG.warnf("x402 transfer %s not taken now: %s", s.txHash(), r)))
        .flatMap(x -> chain.receipt(s.txHash(), RECEIPT_WAIT_MS))
        .flatMap(
            r -> {
              if (r.isEmpty()) {
                return done(
                    X402Settlement.failed("settlement_pending", a.from(), s.txHash(), network));
              }
              if (!r.get().isStatusOK()) {
                return transactions
                    .fail(s.settlementId(), "transferWithAuthorization reverted in " + s.txHash())
                    .replaceWith(
                        X402Settlement.failed(
                            "invalid_exact_evm_transaction_failed", a.from(), s.txHash(), network));
              }
              return transfers
                  .confirm(s.settlementId(), s.txHash())
                  .replaceWith(X402Settlement.settled(a.from(), s.txHash(), network, amount));
            })
        .onFailure()
        .recoverWithItem(
            e -> {
              // recorded, so the follow-up sends it again; the server hears it is on its way
              LOG.warnf("x402 transfer %s not confirmed now: %s", s.txHash(), e.toString());
              return X402Settlement.failed("settlement_pending", a.from(), s.txHash(), network);
            });
  }

  private static Uni<X402Settlement> done(X402Settlement s) {
    return Uni.createFrom().item(s);
  }
}
