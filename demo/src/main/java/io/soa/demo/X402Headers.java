package io.soa.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.soa.events.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** x402's HTTP headers as base64 JSON, and the pause between a client's tries. */
final class X402Headers {
  private X402Headers() {}

  static String encode(JsonNode json) {
    return Base64.getEncoder().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The header's JSON; an empty object when there is no header. */
  static JsonNode decode(String header) {
    try {
      return header == null
          ? EventCodec.JSON.createObjectNode()
          : EventCodec.JSON.readTree(Base64.getDecoder().decode(header));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("not base64 JSON: " + header, e);
    }
  }

  static void pause() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
