package io.soa.payment.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An x402 facilitator's answer to {@code POST /settle} (x402 v2, section 7.2): {@code success};
 * when not, the reason in x402's words ({@code errorReason}); the transaction when one was sent
 * (empty otherwise), the network and the payer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record X402Settlement(
    boolean success,
    String errorReason,
    String payer,
    String transaction,
    String network,
    String amount) {
  public static X402Settlement settled(String payer, String tx, String network, String amount) {
    return new X402Settlement(true, null, payer, tx, network, amount);
  }

  public static X402Settlement failed(String reason, String payer, String tx, String network) {
    return new X402Settlement(false, reason, payer, tx, network, null);
  }
}
