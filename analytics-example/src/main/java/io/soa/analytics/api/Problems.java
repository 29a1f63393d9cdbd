package io.soa.analytics.api;

import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Errors as RFC 9457 problem details: a bad query parameter (400) and stores not queryable yet,
 * while the application starts or rebalances (503, retry shortly).
 */
public class Problems {
  static final String TYPE_BASE = "/problems#"; // the suite's problem types (docs/problems.md)

  /** A query parameter out of its range. */
  public static final class BadParameter extends RuntimeException {
    final String parameter;

    public BadParameter(String parameter, String message) {
      super(message);
      this.parameter = parameter;
    }
  }

  @ServerExceptionMapper
  public Response invalid(BadParameter e) {
    return problem(
        400,
        "invalid-request",
        "Invalid request",
        e.parameter + " " + e.getMessage(),
        List.of(Map.of("parameter", e.parameter, "message", e.getMessage())));
  }

  @ServerExceptionMapper
  public Response notReady(InvalidStateStoreException e) {
    return Response.fromResponse(
            problem(
                503,
                "not-ready",
                "Not ready",
                "the application is still building its state from the topics",
                null))
        .header("Retry-After", "2")
        .build();
  }

  private static Response problem(
      int status, String code, String title, String detail, List<Map<String, String>> errors) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("type", TYPE_BASE + code);
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.put("code", code);
    if (errors != null) {
      body.put("errors", errors);
    }
    return Response.status(status).type("application/problem+json").entity(body).build();
  }
}
