package io.soa.payment.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.soa.events.EventCodec;
import io.soa.payment.api.X402Verdict;
import io.soa.payment.repository.BatchChannelStore;
import io.soa.payment.repository.BatchChannelStore.Channel;
import io.soa.payment.repository.BatchChannelStore.ClaimRow;
import io.soa.payment.service.BatchVerifier.Checked;
import io.soa.payment.service.BatchVerifier.Payload;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;

/**
 * x402 {@code batch-settlement} for the gateway, as the scheme's resource server keeps it: per
 * channel the charged cumulative amount, one request at a time. {@link #begin} checks a payment for
 * one call (its voucher must be exactly what was charged plus the price, else a corrective answer
 * with the channel's state and latest voucher lets the client resynchronise), holds the channel for
 * that call and, for a deposit, sends it before the model is called; {@link #commit} charges the
 * answered call; {@link #abort} lets the channel go when the model failed, charging nothing. {@link
 * #refund} returns what is unclaimed. Answers are x402's JSON.
 */
@ApplicationScoped
public class BatchServer {
  static final String MISMATCH = BatchVerifier.PREFIX + "cumulative_amount_mismatch";
  static final Duration LEASE = Duration.ofSeconds(90);

  private final BatchVerifier verifier;
  private final BatchSettler settler;
  private final BatchChannelStore store;
  private final Pool pool;
  private final TokenReads reads;

  public BatchServer(
      BatchVerifier verifier,
      BatchSettler settler,
      BatchChannelStore store,
      Pool pool,
      TokenReads reads) {
    this.reads = reads;
    this.verifier = verifier;
    this.settler = settler;
    this.store = store;
    this.pool = pool;
  }

  /** The facilitator's {@code /verify} of a batch-settlement payload, with the chain's snapshot. */
  public Uni<X402Verdict> verify(JsonNode payment, JsonNode required) {
    return verifier
        .check(payment, required)
        .map(
            c -> {
              String payer = c.payload() == null ? null : c.payload().payer();
              X402Verdict v =
                  c.valid() ? X402Verdict.valid(payer) : X402Verdict.invalid(c.reason(), payer);
              if (c.chain() == null) {
                return v;
              }
              ObjectNode extra = EventCodec.JSON.createObjectNode();
              extra.put("channelId", c.payload().channelId());
              chainFields(
                  extra,
                  c.chain().balance(),
                  c.chain().totalClaimed(),
                  c.chain().withdrawRequestedAt(),
                  c.chain().refundNonce());
              return v.with(extra);
            });
  }

  /**
   * Checks {@code payment} for call {@code request} and holds its channel: {@code ok} true with
   * {@code channelId}, {@code payer}, {@code amount} and for a deposit its {@code transaction}
   * ({@code charged} true, and no hold, for the voucher that already paid the last charged call);
   * else {@code ok} false with x402's {@code error} and, for a cumulative mismatch, the corrective
   * {@code channelState} and {@code voucherState}.
   */
  public Uni<ObjectNode> begin(JsonNode payment, JsonNode required, String request) {
    BigInteger amount = new BigInteger(required.path("amount").asText("0"));
    return verifier
        .check(payment, required)
        .flatMap(
            c -> {
              if (c.valid() && c.payload().type().equals("refund")) {
                return Uni.createFrom()
                    .item(refused(BatchVerifier.PREFIX + "payload_type", c.payload()));
              }
              if (c.valid()) {
                return hold(c, request, amount);
              }
              if (!c.reason().endsWith("_cumulative_below_claimed")) {
                return Uni.createFrom().item(refused(c.reason(), c.payload()));
              }
              // a client behind what was claimed: this server's state corrects it, as for any
              // cumulative out of step (the chain's claims alone would leave it behind the charges)
              return store
                  .find(c.payload().channelId())
                  .map(
                      ch ->
                          ch.map(
                                  now ->
                                      lastCharged(c.payload(), now)
                                          ? charged(c.payload(), now)
                                          : corrective(c.payload(), now))
                              .orElse(refused(c.reason(), c.payload())));
            });
  }

  private Uni<ObjectNode> hold(Checked c, String request, BigInteger amount) {
    Payload p = c.payload();
    return pool.withTransaction(
            tx ->
                store
                    .lock(tx, p.channelId())
                    .flatMap(
                        before -> {
                          if (before.isPresent() && before.get().busy() != null) {
                            return Uni.createFrom()
                                .item(
                                    Optional.of(refused(BatchVerifier.PREFIX + "channel_busy", p)));
                          }
                          return store
                              .synced(tx, p.channelId(), p.config(), c.chain())
                              .chain(() -> store.lock(tx, p.channelId()))
                              .flatMap(
                                  ch -> {
                                    Channel now = ch.orElseThrow();
                                    if (lastCharged(p, now)) {
                                      return Uni.createFrom().item(Optional.of(charged(p, now)));
                                    }
                                    if (!p.max().equals(now.charged().add(amount))) {
                                      return Uni.createFrom().item(Optional.of(corrective(p, now)));
                                    }
                                    return store
                                        .hold(
                                            tx,
                                            p.channelId(),
                                            request,
                                            p.max(),
                                            p.signature(),
                                            LEASE)
                                        .replaceWith(Optional.<ObjectNode>empty());
                                  });
                        }))
        .flatMap(
            refusal -> {
              if (refusal.isPresent()) {
                return Uni.createFrom().item(refusal.get());
              }
              ObjectNode ok = EventCodec.JSON.createObjectNode().put("ok", true);
              ok.put("channelId", p.channelId())
                  .put("payer", p.payer())
                  .put("amount", amount.toString());
              if (!p.type().equals("deposit")) {
                return Uni.createFrom().item(ok);
              }
              return settler
                  .deposit(p)
                  .call(tx -> tx.isPresent() ? resync(p) : Uni.createFrom().voidItem())
                  .map(
                      tx ->
                          tx.isPresent()
                              ? ok.put("transaction", tx.get())
                                  .put("deposit", p.deposit().toString())
                              : refused(BatchVerifier.PREFIX + "deposit_payload", p))
                  .onFailure(BatchSettler.Reverted.class)
                  .recoverWithItem(
                      e -> refused(BatchVerifier.PREFIX + "deposit_transaction_failed", p))
                  .call(
                      r ->
                          r.path("ok").asBoolean()
                              ? Uni.createFrom().voidItem()
                              : store.release(p.channelId(), request));
            });
  }

  /** Mirrors the chain's view of the channel again (after a deposit of ours was mined). */
  private Uni<Void> resync(Payload p) {
    return reads
        .channel(org.web3j.utils.Numeric.hexStringToByteArray(p.channelId()))
        .flatMap(
            chain ->
                pool.withTransaction(tx -> store.synced(tx, p.channelId(), p.config(), chain)));
  }

  /**
   * Charges the call {@code request} that holds {@code channelId}: x402's settle response for the
   * client ({@code chargedAmount}, {@code channelState}); empty when the call holds it no more.
   */
  public Uni<Optional<ObjectNode>> commit(
      String channelId, String request, BigInteger amount, String network) {
    return store
        .charge(channelId, request, amount)
        .map(
            ch ->
                ch.map(
                    c -> {
                      ObjectNode r = EventCodec.JSON.createObjectNode().put("success", true);
                      r.put("transaction", "")
                          .put("network", network)
                          .put("payer", c.config().payer());
                      r.put("amount", "");
                      ObjectNode extra =
                          r.putObject("extra").put("chargedAmount", amount.toString());
                      state(extra.putObject("channelState"), c);
                      return r;
                    }));
  }

  public Uni<Void> abort(String channelId, String request) {
    return store.release(channelId, request);
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

  /**
   * The voucher that paid the channel's last charged call, sent again: the same call (its answer
   * was lost, or its attempt cut off after the charge); the gateway knows whether it was answered.
   */
  private static boolean lastCharged(Payload p, Channel now) {
    return p.type().equals("voucher")
        && p.max().equals(now.signedMax())
        && p.max().equals(now.charged())
        && p.signature().equals(now.signature());
  }

  private static ObjectNode charged(Payload p, Channel now) {
    ObjectNode r = EventCodec.JSON.createObjectNode().put("ok", true).put("charged", true);
    r.put("channelId", p.channelId()).put("payer", p.payer());
    state(r.putObject("channelState"), now);
    return r;
  }

  private static ObjectNode corrective(Payload p, Channel now) {
    ObjectNode r = refused(MISMATCH, p);
    state(r.putObject("channelState"), now);
    if (now.signature() != null && now.signedMax().signum() > 0) {
      r.putObject("voucherState")
          .put("signedMaxClaimable", now.signedMax().toString())
          .put("signature", now.signature());
    }
    return r;
  }

  private static void state(ObjectNode s, Channel c) {
    s.put("channelId", c.id());
    chainFields(s, c.balance(), c.totalClaimed(), c.withdrawRequestedAt(), c.refundNonce());
    s.put("chargedCumulativeAmount", c.charged().toString());
  }

  private static void chainFields(
      ObjectNode s, BigInteger balance, BigInteger claimed, long withdraw, BigInteger nonce) {
    s.put("balance", balance.toString())
        .put("totalClaimed", claimed.toString())
        .put("withdrawRequestedAt", withdraw)
        .put("refundNonce", nonce.toString());
  }

  private static ObjectNode refused(String reason, Payload p) {
    ObjectNode r = EventCodec.JSON.createObjectNode().put("ok", false).put("error", reason);
    if (p != null) {
      r.put("payer", p.payer()).put("channelId", p.channelId());
    }
    return r;
  }

  private static ObjectNode failed(String reason, Payload p, String network) {
    ObjectNode r = EventCodec.JSON.createObjectNode().put("success", false);
    r.put("errorReason", reason).put("transaction", "").put("network", network);
    if (p != null) {
      r.put("payer", p.payer());
    }
    return r;
  }
}
