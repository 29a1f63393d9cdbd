package io.soa.model.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Bad input as RFC 9457 problem details, as the suite answers it (types on the suite's {@code
 * /problems} page). The model server stays free of the suite's platform: it is an example of what
 * the gateway forwards to, not a service of the suite.
 */
public class Problems {
  @ServerExceptionMapper
  public Response tooLong(TextTooLong e) {
    return problem(400, "invalid-request", "Invalid request", "text: " + e.getMessage());
  }

  @ServerExceptionMapper
  public Response invalid(ConstraintViolationException e) {
    return problem(400, "invalid-request", "Invalid request", "text: must be a non-blank string");
  }

  /** Quarkus' own subtype for endpoint validation: mapped here so its built-in mapper loses. */
  @ServerExceptionMapper
  public Response invalidEndpoint(
      io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException e) {
    return invalid(e);
  }

  /** A value of the wrong type: Quarkus maps these itself unless the exact types are mapped. */
  @ServerExceptionMapper({
    com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
    com.fasterxml.jackson.databind.exc.InvalidFormatException.class
  })
  public Response wrongType(JsonProcessingException e) {
    return problem(400, "invalid-request", "Invalid request", "text: must be a string");
  }

  @ServerExceptionMapper
  public Response unreadable(JsonProcessingException e) {
    return problem(400, "malformed-json", "Malformed JSON", "the body must be {\"text\": \"...\"}");
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    if (status == 400) { // the body could not be read as JSON
      return problem(
          400, "malformed-json", "Malformed JSON", "the body must be {\"text\": \"...\"}");
    }
    return problem(
        status,
        status == 404 ? "not-found" : status == 413 ? "payload-too-large" : "invalid-request",
        e.getResponse().getStatusInfo().getReasonPhrase(),
        e.getMessage());
  }

  static Response problem(int status, String slug, String title, String detail) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", "/problems#" + slug);
    p.put("title", title);
    p.put("status", status);
    p.put("detail", detail);
    return Response.status(status).type("application/problem+json").entity(p).build();
  }
}
