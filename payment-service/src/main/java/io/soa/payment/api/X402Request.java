package io.soa.payment.api;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotNull;

/**
 * The body of an x402 facilitator's {@code POST /verify} (x402 v2, section 7.1). The payload and
 * requirements are kept as JSON: x402 schemes and extensions add fields, and a payment that does
 * not hold is answered in x402's words, not refused as a request.
 */
public record X402Request(
    @NotNull Integer x402Version,
    @NotNull JsonNode paymentPayload,
    @NotNull JsonNode paymentRequirements) {}
