package io.soa.payment.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.soa.events.EventCodec;
import io.soa.payment.repository.BatchChannelStore.Channel;
import io.soa.payment.service.BatchVerifier.Payload;
import io.soa.payment.service.TokenReads.ChannelOnChain;
import java.math.BigInteger;

/**
 * x402 {@code batch-settlement} answers as its clients read them: a channel's state ({@code
 * channelState}), the corrective answer with the latest voucher ({@code voucherState}), a refusal
 * of a payment, a failed settlement.
 */
final class ChannelAnswers {
  static final String MISMATCH = BatchVerifier.PREFIX + "cumulative_amount_mismatch";

  private ChannelAnswers() {}

  static ObjectNode charged(Payload p, Channel now) {
    ObjectNode r = EventCodec.JSON.createObjectNode().put("ok", true).put("charged", true);
    r.put("channelId", p.channelId()).put("payer", p.payer());
    state(r.putObject("channelState"), now);
    return r;
  }

  static ObjectNode corrective(Payload p, Channel now) {
    ObjectNode r = refused(MISMATCH, p);
    state(r.putObject("channelState"), now);
    if (now.signature() != null && now.signedMax().signum() > 0) {
      r.putObject("voucherState")
          .put("signedMaxClaimable", now.signedMax().toString())
          .put("signature", now.signature());
    }
    return r;
  }

  static void state(ObjectNode s, Channel c) {
    s.put("channelId", c.id());
    chainFields(s, c.balance(), c.totalClaimed(), c.withdrawRequestedAt(), c.refundNonce());
    s.put("chargedCumulativeAmount", c.charged().toString());
  }

  static void chainFields(
      ObjectNode s, BigInteger balance, BigInteger claimed, long withdraw, BigInteger nonce) {
    s.put("balance", balance.toString())
        .put("totalClaimed", claimed.toString())
        .put("withdrawRequestedAt", withdraw)
        .put("refundNonce", nonce.toString());
  }

  static ObjectNode refused(String reason, Payload p) {
    ObjectNode r = EventCodec.JSON.createObjectNode().put("ok", false).put("error", reason);
    if (p != null) {
      r.put("payer", p.payer()).put("channelId", p.channelId());
    }
    return r;
  }

  static ObjectNode failed(String reason, Payload p, String network) {
    ObjectNode r = EventCodec.JSON.createObjectNode().put("success", false);
    r.put("errorReason", reason).put("transaction", "").put("network", network);
    if (p != null) {
      r.put("payer", p.payer());
    }
    return r;
  }

  /** The chain's view of {@code channelId}, as a channelState. */
  static ObjectNode onChain(String channelId, ChannelOnChain c) {
    ObjectNode s = EventCodec.JSON.createObjectNode().put("channelId", channelId);
    chainFields(s, c.balance(), c.totalClaimed(), c.withdrawRequestedAt(), c.refundNonce());
    return s;
  }
}
