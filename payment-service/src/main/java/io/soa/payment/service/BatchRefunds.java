package io.soa.payment.service;

import static io.soa.payment.service.ChannelAnswers.chainFields;
import static io.soa.payment.service.ChannelAnswers.corrective;
import static io.soa.payment.service.ChannelAnswers.failed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.soa.events.EventCodec;
import io.soa.payment.repository.BatchChannelStore;
import io.soa.payment.repository.BatchChannelStore.Channel;
import io.soa.payment.repository.BatchChannelStore.ClaimRow;
import io.soa.payment.service.BatchVerifier.Payload;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;

/** Cooperative refunds of the x402 channels {@link BatchServer} keeps for the gateway. */
@ApplicationScoped
public class BatchRefunds {
  private final BatchVerifier verifier;
  private final BatchSettler settler;
  private final BatchChannelStore store;
  private final Pool pool;

  public BatchRefunds(
      BatchVerifier verifier, BatchSettler settler, BatchChannelStore store, Pool pool) {
    this.verifier = verifier;
    this.settler = settler;
    this.store = store;
    this.pool = pool;
  }

  /**
   * A cooperative refund: the payload's zero-charge voucher must be exactly what was charged; what
   * was charged is claimed and settled, then up to {@code amount} (all when absent) of what is left
   * goes back to the payer. x402's settle response, or {@code success} false with the reason.
   */
  public Uni<ObjectNode> refund(JsonNode payment, JsonNode required, String network) {
    return verifier
        .check(payment, required)
        .flatMap(
            c -> {
              if (!c.valid()) {
                return Uni.createFrom().item(failed(c.reason(), c.payload(), network));
              }
              Payload p = c.payload();
              if (!p.type().equals("refund")) {
                return Uni.createFrom()
                    .item(failed(BatchVerifier.PREFIX + "payload_type", p, network));
              }
              return pool.withTransaction(
                      tx ->
                          store
                              .synced(tx, p.channelId(), p.config(), c.chain())
                              .chain(() -> store.lock(tx, p.channelId())))
                  .flatMap(ch -> refund(p, ch.orElseThrow(), network));
            });
  }

  private Uni<ObjectNode> refund(Payload p, Channel ch, String network) {
    if (ch.busy() != null) {
      return Uni.createFrom().item(failed(BatchVerifier.PREFIX + "channel_busy", p, network));
    }
    if (!p.max().equals(ch.charged())) {
      return Uni.createFrom().item(corrective(p, ch).put("success", false));
    }
    BigInteger left = ch.balance().subtract(ch.charged());
    BigInteger amount = p.refundAmount() == null ? left : p.refundAmount().min(left);
    if (amount.signum() <= 0) {
      return Uni.createFrom().item(failed(BatchVerifier.PREFIX + "refund_no_balance", p, network));
    }
    ClaimRow claim =
        ch.charged().compareTo(ch.totalClaimed()) > 0
            ? new ClaimRow(ch.config(), ch.signedMax(), ch.signature(), ch.charged())
            : null;
    return settler
        .refund(claim, p.config(), p.channelId(), amount)
        .flatMap(
            tx ->
                store
                    .find(p.channelId())
                    .map(after -> refunded(p, after.orElseThrow(), tx.orElse(""), amount, network)))
        .onFailure(BatchSettler.Reverted.class)
        .recoverWithItem(
            e -> failed(BatchVerifier.PREFIX + "refund_transaction_failed", p, network));
  }

  private ObjectNode refunded(
      Payload p, Channel after, String tx, BigInteger amount, String network) {
    ObjectNode r = EventCodec.JSON.createObjectNode().put("success", true);
    r.put("transaction", tx)
        .put("network", network)
        .put("payer", p.payer())
        .put("amount", amount.toString());
    ObjectNode s = r.putObject("extra").putObject("channelState");
    s.put("channelId", p.channelId());
    // the refund moved `amount` out and the claim moved what was charged into claims
    chainFields(
        s,
        after.balance().subtract(amount),
        after.charged(),
        after.withdrawRequestedAt(),
        after.refundNonce().add(BigInteger.ONE));
    s.put("chargedCumulativeAmount", after.charged().toString());
    return r;
  }
}
