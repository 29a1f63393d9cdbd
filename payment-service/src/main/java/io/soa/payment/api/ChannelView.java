package io.soa.payment.api;

import io.soa.payment.domain.Channel;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A channel as the service sees it. Amounts: $SOA base units, decimal strings. */
@Schema(description = "A payment channel: the chain's view and the charges' view")
public record ChannelView(
    @Schema(examples = "42") String channelId,
    @Schema(examples = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8") String payer,
    @Schema(
            description = "Who signs the vouchers",
            examples = "0x8ba1f109551bd432803012645ac136ddd64dba72")
        String signer,
    @Schema(examples = "7") String modelId,
    @Schema(description = "Locked in the escrow for this channel", examples = "100000000000000000")
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
