package io.soa.payment.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.soa.contracts.BatchChannels;
import io.soa.contracts.BatchChannels.Claim;
import io.soa.contracts.BatchChannels.Config;
import io.soa.events.EventCodec;
import io.soa.platform.crypto.EthSignatures;
import io.soa.platform.error.UpstreamFailure;
import io.soa.platform.types.Address;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.web3j.utils.Numeric;

/**
 * {@code POST /settle} of x402's {@code batch-settlement} for any resource server that uses this
 * suite as its facilitator (the gateway keeps its channels through {@link BatchServer}): a {@code
 * deposit} is verified and sent; {@code claim} rows are checked (each voucher its payer
 * authorizer's, never claimed above it) and claimed with the settlement key's ClaimBatch signature
 * (channels whose receiver authorizer is that key, as {@code /supported} offers); {@code settle}
 * sweeps a receiver's claims to it; a completed {@code refund} claims its rows and returns the
 * amount to the payer. Each is sent from the settlement key and answered once mined; refusals are
 * x402's words in {@code errorReason}.
 */
@ApplicationScoped
public class BatchFacilitator {
  private static final String P = BatchVerifier.PREFIX;

  private final BatchVerifier verifier;
  private final BatchSettler settler;
  private final TokenReads reads;

  public BatchFacilitator(BatchVerifier verifier, BatchSettler settler, TokenReads reads) {
    this.verifier = verifier;
    this.settler = settler;
    this.reads = reads;
  }

  public Uni<ObjectNode> settle(JsonNode payment, JsonNode required) {
    if (!settler.enabled()) {
      throw new UpstreamFailure(
          503, "x402-settlement-unavailable", "this replica has no settlement key to settle with");
    }
    String network = required.path("network").asText();
    JsonNode payload = payment.path("payload");
    Uni<ObjectNode> done =
        switch (payload.path("type").asText()) {
          case "deposit" -> deposit(payment, required, network);
          case "claim" -> claim(payload, network);
          case "settle" -> sweep(payload, network);
          case "refund" -> refund(payload, network);
          default -> Uni.createFrom().item(failed(P + "payload_type", network));
        };
    return done.onFailure(BatchSettler.Reverted.class)
        .recoverWithItem(e -> failed(P + "transaction_reverted", network));
  }

  private Uni<ObjectNode> deposit(JsonNode payment, JsonNode required, String network) {
    return verifier
        .check(payment, required)
        .flatMap(
            c -> {
              if (!c.valid()) {
                return Uni.createFrom().item(failed(c.reason(), network));
              }
              BatchVerifier.Payload p = c.payload();
              return settler
                  .deposit(p)
                  .flatMap(
                      tx ->
                          tx.isEmpty()
                              ? Uni.createFrom().item(failed(P + "deposit_payload", network))
                              : state(p.channelId())
                                  .map(
                                      s -> {
                                        ObjectNode r = ok(tx.get(), network, p.deposit());
                                        r.put("payer", p.payer()).put("asset", p.config().token());
                                        r.putObject("extra").set("channelState", s);
                                        return r;
                                      }));
            });
  }

  private Uni<ObjectNode> claim(JsonNode payload, String network) {
    List<Claim> claims;
    try {
      claims = claims(payload.path("claims"));
    } catch (IllegalArgumentException e) {
      return Uni.createFrom().item(failed(P + "claim_payload", network));
    }
    return settler
        .claim(claims)
        .map(
            tx ->
                tx.isEmpty() ? failed(P + "claim_payload", network) : ok(tx.get(), network, null));
  }

  private Uni<ObjectNode> sweep(JsonNode payload, String network) {
    String receiver = payload.path("receiver").asText(null);
    String token = payload.path("token").asText(null);
    if (!Address.isValid(receiver) || !Address.isValid(token)) {
      return Uni.createFrom().item(failed(P + "settle_payload", network));
    }
    String r = Address.of(receiver).value();
    String t = Address.of(token).value();
    return reads
        .unsettled(r, t)
        .flatMap(
            amount ->
                amount.signum() == 0
                    ? Uni.createFrom().item(failed(P + "nothing_to_settle", network))
                    : settler.settle(r, t).map(tx -> ok(tx.orElse(""), network, amount)));
  }

  private Uni<ObjectNode> refund(JsonNode payload, String network) {
    List<Claim> claims;
    Config config;
    BigInteger amount;
    try {
      claims = claims(payload.path("claims"));
      config = verifier.parse(payload).config();
      amount = new BigInteger(payload.path("amount").asText(""));
    } catch (IllegalArgumentException e) {
      return Uni.createFrom().item(failed(P + "refund_payload", network));
    }
    if (amount.signum() <= 0 || !config.receiverAuthorizer().equals(settler.authorizer())) {
      return Uni.createFrom().item(failed(P + "refund_payload", network));
    }
    String id = BatchChannels.hex(verifier.channels().channelId(config));
    BigInteger claiming =
        claims.stream().map(Claim::totalClaimed).reduce(BigInteger.ZERO, BigInteger::max);
    return reads
        .channel(Numeric.hexStringToByteArray(id))
        .flatMap(
            before -> {
              // the contract pays at most what is unclaimed once these rows are claimed
              BigInteger left =
                  before
                      .balance()
                      .subtract(before.totalClaimed().max(claiming))
                      .max(BigInteger.ZERO);
              BigInteger paid = amount.min(left);
              if (paid.signum() == 0) {
                return Uni.createFrom().item(failed(P + "refund_no_balance", network));
              }
              return settler
                  .refundRows(claims, config, id, paid)
                  .flatMap(tx -> refunded(id, config, tx.orElse(""), paid, network));
            });
  }

  private Uni<ObjectNode> refunded(
      String id, Config config, String tx, BigInteger amount, String network) {
    return state(id)
        .map(
            s -> {
              ObjectNode r = ok(tx, network, amount);
              r.put("payer", config.payer());
              r.putObject("extra").set("channelState", s);
              return r;
            });
  }

  /**
   * Claim rows as x402 sends them, checked: each channel delegates its receiver authorization to
   * this key, each voucher is its payer authorizer's, and nothing is claimed above it.
   */
  private List<Claim> claims(JsonNode rows) {
    if (!rows.isArray() || rows.size() > 500) {
      throw new IllegalArgumentException("claims");
    }
    List<Claim> out = new ArrayList<>();
    for (JsonNode row : rows) {
      ObjectNode payload = EventCodec.JSON.createObjectNode().put("type", "voucher");
      payload.set("channelConfig", row.at("/voucher/channel"));
      Config c =
          verifier
              .parse(
                  payload.set(
                      "voucher",
                      EventCodec.JSON
                          .createObjectNode()
                          .put("channelId", "0x" + "0".repeat(64))
                          .put("maxClaimableAmount", row.at("/voucher/maxClaimableAmount").asText())
                          .put("signature", row.path("signature").asText())))
              .config();
      BigInteger max = new BigInteger(row.at("/voucher/maxClaimableAmount").asText());
      BigInteger total = new BigInteger(row.path("totalClaimed").asText("x"));
      byte[] sig = Numeric.hexStringToByteArray(row.path("signature").asText());
      byte[] id = verifier.channels().channelId(c);
      String signer =
          EthSignatures.recover(verifier.channels().voucherDigest(id, max), sig).orElse("");
      if (!c.receiverAuthorizer().equals(settler.authorizer())
          || !signer.equals(c.payerAuthorizer().toLowerCase(Locale.ROOT))
          || total.compareTo(max) > 0) {
        throw new IllegalArgumentException("claim");
      }
      out.add(new Claim(c, max, sig, total));
    }
    return out;
  }

  private Uni<JsonNode> state(String channelId) {
    return reads
        .channel(Numeric.hexStringToByteArray(channelId))
        .map(c -> ChannelAnswers.onChain(channelId, c));
  }

  private static ObjectNode ok(String tx, String network, BigInteger amount) {
    ObjectNode r = EventCodec.JSON.createObjectNode().put("success", true);
    return r.put("transaction", tx)
        .put("network", network)
        .put("amount", amount == null ? "" : amount.toString());
  }

  private static ObjectNode failed(String reason, String network) {
    return ChannelAnswers.failed(reason, null, network);
  }
}
