package io.soa.licensing.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.buffer.Buffer;
import java.math.BigInteger;

/**
 * A call to a feature of a model, by a signed-in caller or the payer of an x402 {@code payment}
 * (null for neither): {@code bodyDigest} is the hex SHA-256 of the body, {@code maxPrice} the most
 * the caller agrees to pay per call by voucher (null on the licence path), {@code url} the resource
 * x402 names, {@code attempt} the attempt of the call under way (0 before it began).
 */
public record Call(
    String caller,
    BigInteger modelId,
    String feature,
    String requestId,
    String voucher,
    BigInteger maxPrice,
    JsonNode payment,
    String url,
    String bodyDigest,
    MultiMap headers,
    Buffer body,
    int attempt) {

  /** The request id as the gateway keys it: one caller's ids never meet another's. */
  public String requestKey() {
    return caller + ":" + requestId;
  }

  /** What the request id is bound to: one feature of one model with one body. */
  public String fingerprint() {
    return modelId + ":" + feature + ":" + bodyDigest;
  }

  Call withAttempt(int n) {
    return new Call(
        caller,
        modelId,
        feature,
        requestId,
        voucher,
        maxPrice,
        payment,
        url,
        bodyDigest,
        headers,
        body,
        n);
  }
}
