package io.soa.payment.api;

import io.soa.payment.domain.Channel;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A channel as the service sees it. Amounts: $SOA base units, decimal strings. */
@Schema(description = "A payment channel: the chain's view and the charges' view")
public record ChannelView(
    String channelId,
    String payer,
    String signer,
    String modelId,
    String deposit,
    @Schema(description = "The largest valid voucher seen") String covered,
    @Schema(description = "Accepted charges, less released ones") String charged,
    @Schema(description = "covered - charged: signed ahead, to be used by later calls")
        String credit,
    @Schema(description = "Claimed on chain so far (cumulative)") String claimedOnChain,
    @Schema(
            description =
                "The voucher amount a claim transaction is carrying, not yet confirmed (0: none)")
        String inFlight,
    @Schema(description = "Unix seconds") long expiresAt,
    @Schema(description = "open, closed, or unknown (its opening was retracted by a reorg)")
        String state) {

  public static ChannelView of(Channel c) {
    return new ChannelView(
        c.channelId().toString(),
        c.payer(),
        c.signer(),
        c.modelId().toString(),
        c.deposit().toString(),
        c.covered().toString(),
        c.charged().toString(),
        c.covered().subtract(c.charged()).toString(),
        c.claimed().toString(),
        c.inFlight().toString(),
        c.expiresAt(),
        !c.known() ? "unknown" : c.closed() ? "closed" : "open");
  }
}
