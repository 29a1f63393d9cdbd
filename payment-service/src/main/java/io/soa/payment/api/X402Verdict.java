package io.soa.payment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An x402 facilitator's answer to {@code POST /verify}: {@code isValid}, and when not, the reason
 * in x402's words ({@code invalidReason}, e.g. {@code insufficient_funds}); {@code payer} when the
 * payload names one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record X402Verdict(
    @JsonProperty("isValid") boolean isValid,
    String invalidReason,
    String payer,
    com.fasterxml.jackson.databind.JsonNode extra) {
  public static X402Verdict valid(String payer) {
    return new X402Verdict(true, null, payer, null);
  }

  public static X402Verdict invalid(String reason, String payer) {
    return new X402Verdict(false, reason, payer, null);
  }

  /** With the scheme's {@code extra} (batch-settlement: the channel's on-chain snapshot). */
  public X402Verdict with(com.fasterxml.jackson.databind.JsonNode extra) {
    return new X402Verdict(isValid, invalidReason, payer, extra);
  }
}
