package io.soa.payment.repository;

import static io.soa.payment.repository.PaymentStore.big;
import static io.soa.payment.repository.PaymentStore.dec;

import io.smallrye.mutiny.Uni;
import io.soa.contracts.TransferAuthorizations.Authorization;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.web3j.utils.Numeric;

/**
 * The x402 {@code exact} payments this service settles: each ERC-3009 authorization once, as a
 * settlement of reason {@code x402} whose transaction the settlement key sends.
 */
@ApplicationScoped
public class X402Transfers {
  private final Pool pool;

  public X402Transfers(Pool pool) {
    this.pool = pool;
  }

  /** An authorization and its signature, as recorded. */
  public record Recorded(Authorization authorization, String signature) {}

  /**
   * Records settlement {@code id} of authorization {@code a} in {@code tx}; false when that
   * authorization (its payer and nonce) was taken before, by this or any other request.
   */
  public Uni<Boolean> record(SqlConnection tx, UUID id, Authorization a, String signature) {
    return tx.preparedQuery(
            "INSERT INTO settlement (settlement_id, state, reason, created_at)"
                + " VALUES ($1, 'submitted', 'x402', now()) ON CONFLICT DO NOTHING RETURNING 1")
        .execute(Tuple.of(id))
        .flatMap(
            rows ->
                rows.size() == 0
                    ? Uni.createFrom().item(false)
                    : tx.preparedQuery(
                            "INSERT INTO x402_transfer (payer, auth_nonce, pay_to, amount,"
                                + " valid_after, valid_before, signature, settlement_id,"
                                + " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())"
                                + " ON CONFLICT DO NOTHING RETURNING 1")
                        .execute(
                            Tuple.of(
                                    a.from(),
                                    Numeric.toHexString(a.nonce()),
                                    a.to(),
                                    dec(a.value()),
                                    dec(a.validAfter()),
                                    dec(a.validBefore()))
                                .addString(signature)
                                .addUUID(id))
                        .map(r -> r.size() > 0));
  }

  /** The authorization settlement {@code id} sends, to sign its transaction again. */
  public Uni<Recorded> of(SqlConnection tx, UUID id) {
    return tx.preparedQuery(
            "SELECT payer, auth_nonce, pay_to, amount, valid_after, valid_before, signature"
                + " FROM x402_transfer WHERE settlement_id = $1")
        .execute(Tuple.of(id))
        .map(
            rows -> {
              var r = rows.iterator().next();
              return new Recorded(
                  new Authorization(
                      r.getString("payer"),
                      r.getString("pay_to"),
                      big(r.getBigDecimal("amount")),
                      big(r.getBigDecimal("valid_after")),
                      big(r.getBigDecimal("valid_before")),
                      Numeric.hexStringToByteArray(r.getString("auth_nonce"))),
                  r.getString("signature"));
            });
  }

  /** An authorization this service settles or settled: where it stands and what it moved. */
  public record Found(
      String state, String transaction, String payTo, java.math.BigInteger amount) {}

  /** The settlement of {@code payer}'s authorization {@code nonce}, if this service made one. */
  public Uni<java.util.Optional<Found>> find(String payer, String nonce) {
    return pool.preparedQuery(
            "SELECT s.state, s.tx_hash, x.pay_to, x.amount FROM x402_transfer x"
                + " JOIN settlement s USING (settlement_id) WHERE x.payer = $1 AND x.auth_nonce = $2")
        .execute(Tuple.of(payer, nonce))
        .map(
            rows ->
                rows.size() == 0
                    ? java.util.Optional.<Found>empty()
                    : java.util.Optional.of(rows.iterator().next())
                        .map(
                            r ->
                                new Found(
                                    r.getString("state"),
                                    r.getString("tx_hash"),
                                    r.getString("pay_to"),
                                    big(r.getBigDecimal("amount")))));
  }

  /** Marks an x402 settlement done once its transaction is mined; false when it was not open. */
  public Uni<Boolean> confirm(UUID id, String txHash) {
    return pool.preparedQuery(
            "UPDATE settlement SET state = 'confirmed', confirmed_at = now(), tx_hash = $2"
                + " WHERE settlement_id = $1 AND state = 'submitted' AND reason = 'x402'"
                + " RETURNING 1")
        .execute(Tuple.of(id, txHash))
        .map(rows -> rows.size() > 0);
  }

  /** What x402 {@code exact} transfers this service settled paid {@code payTo}, once mined. */
  public Uni<java.math.BigInteger> paidTo(String payTo) {
    return pool.preparedQuery(
            "SELECT COALESCE(sum(x.amount), 0) AS paid FROM x402_transfer x"
                + " JOIN settlement s USING (settlement_id) WHERE x.pay_to = $1"
                + " AND s.state = 'confirmed'")
        .execute(Tuple.of(payTo))
        .map(rows -> big(rows.iterator().next().getBigDecimal("paid")));
  }
}
