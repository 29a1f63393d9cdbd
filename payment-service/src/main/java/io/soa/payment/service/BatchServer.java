package io.soa.payment.service;

import static io.soa.payment.service.ChannelAnswers.chainFields;
import static io.soa.payment.service.ChannelAnswers.charged;
import static io.soa.payment.service.ChannelAnswers.corrective;
import static io.soa.payment.service.ChannelAnswers.refused;
import static io.soa.payment.service.ChannelAnswers.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.soa.events.EventCodec;
import io.soa.payment.api.X402Verdict;
import io.soa.payment.repository.BatchChannelStore;
import io.soa.payment.repository.BatchChannelStore.Channel;
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
 * answered call; {@link #abort} lets the channel go when the model failed, charging nothing.
 * Refunds are {@link BatchRefunds}'. Answers are x402's JSON ({@link ChannelAnswers}).
 */
@ApplicationScoped
public class BatchServer {
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
   * The voucher that paid the channel's last charged call, sent again: the same call (its answer
   * was lost, or its attempt cut off after the charge); the gateway knows whether it was answered.
   */
  private static boolean lastCharged(Payload p, Channel now) {
    return p.type().equals("voucher")
        && p.max().equals(now.signedMax())
        && p.max().equals(now.charged())
        && p.signature().equals(now.signature());
  }
}
