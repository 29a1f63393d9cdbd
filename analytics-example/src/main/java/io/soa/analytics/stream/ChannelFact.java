package io.soa.analytics.stream;

import io.soa.events.SoaEvent;
import io.soa.events.chain.ChannelClaimed;
import io.soa.events.chain.ChannelClosed;
import io.soa.events.chain.ChannelExtended;
import io.soa.events.chain.ChannelOpened;
import io.soa.events.payments.ChargeAccepted;
import io.soa.events.payments.ChargeReleased;
import java.util.Optional;

/**
 * What one event says about a pay-per-use channel: the escrow's logs (opened, extended, claimed,
 * closed; {@code removed} when a reorg retracts one) and payment-service's charges and releases.
 *
 * @param ref the log's place in the chain ({@code block:logIndex}, zero-padded so they sort) or the
 *     charge's id
 * @param time epoch milliseconds: the block's time for a log, the acceptance for a charge
 * @param amount a charge's amount, or a claim's cumulative amount
 * @param expiresAt epoch seconds, for opened and extended
 */
public record ChannelFact(
    String channelId,
    String kind,
    String ref,
    boolean removed,
    long time,
    String modelId,
    String deposit,
    Long expiresAt,
    String amount) {

  static Optional<ChannelFact> of(Decoded e) {
    SoaEvent data = e.data();
    return Optional.ofNullable(
        switch (data) {
          case ChannelOpened o ->
              new ChannelFact(
                  o.channelId(),
                  "opened",
                  ref(o.blockNumber(), o.logIndex()),
                  o.removed(),
                  e.time(),
                  o.modelId(),
                  o.deposit(),
                  Long.parseLong(o.expiresAt()),
                  null);
          case ChannelExtended x ->
              new ChannelFact(
                  x.channelId(),
                  "extended",
                  ref(x.blockNumber(), x.logIndex()),
                  x.removed(),
                  e.time(),
                  null,
                  x.deposit(),
                  Long.parseLong(x.expiresAt()),
                  null);
          case ChannelClaimed c ->
              new ChannelFact(
                  c.channelId(),
                  "claimed",
                  ref(c.blockNumber(), c.logIndex()),
                  c.removed(),
                  e.time(),
                  c.modelId(),
                  null,
                  null,
                  c.cumulativeAmount());
          case ChannelClosed c ->
              new ChannelFact(
                  c.channelId(),
                  "closed",
                  ref(c.blockNumber(), c.logIndex()),
                  c.removed(),
                  e.time(),
                  null,
                  null,
                  null,
                  null);
          case ChargeAccepted a ->
              new ChannelFact(
                  a.channelId(),
                  "charge",
                  a.chargeId(),
                  false,
                  Decoded.millis(a.acceptedAt()),
                  a.modelId(),
                  null,
                  null,
                  a.amount());
          case ChargeReleased r ->
              new ChannelFact(
                  r.channelId(),
                  "release",
                  r.chargeId(),
                  false,
                  Decoded.millis(r.releasedAt()),
                  r.modelId(),
                  null,
                  null,
                  r.amount());
          default -> null;
        });
  }

  private static String ref(long block, long logIndex) {
    return String.format("%019d:%09d", block, logIndex);
  }
}
