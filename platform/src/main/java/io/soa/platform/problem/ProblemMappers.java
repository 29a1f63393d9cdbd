package io.soa.platform.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every error a REST endpoint can raise to RFC 9457 problem details. */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response problem(ProblemException e) {
    return respond(e.problem());
  }

  /** Quarkus' own subtype for endpoint validation; mapped here so its built-in mapper loses. */
  @ServerExceptionMapper
  public Response endpointViolation(
      io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException e) {
    return constraintViolation(e);
  }

  @ServerExceptionMapper
  public Response constraintViolation(ConstraintViolationException e) {
    List<Problem.FieldError> errors = new ArrayList<>();
    for (ConstraintViolation<?> v : e.getConstraintViolations()) {
      errors.add(new Problem.FieldError(fieldOf(v.getPropertyPath()), v.getMessage()));
    }
    errors.sort(Comparator.comparing(Problem.FieldError::field));
    return respond(
        Problem.of(
            400,
            "invalid-request",
            "Invalid request",
            errors.size()
                + " invalid field(s): "
                + String.join(", ", errors.stream().map(Problem.FieldError::field).toList()),
            errors));
  }

  @ServerExceptionMapper
  public Response unknownField(UnrecognizedPropertyException e) {
    String field = pathOf(e);
    return respond(
        Problem.of(
            400,
            "invalid-request",
            "Invalid request",
            "unknown field " + field,
            List.of(new Problem.FieldError(field, "unknown field"))));
  }

  @ServerExceptionMapper
  public Response badFormat(InvalidFormatException e) {
    String field = pathOf(e);
    String message = e.getOriginalMessage();
    if (e.getCause() instanceof IllegalArgumentException iae && iae.getMessage() != null) {
      message = iae.getMessage();
    }
    return respond(
        Problem.of(
            400,
            "invalid-request",
            "Invalid request",
            field + ": " + message,
            List.of(new Problem.FieldError(field, message))));
  }

  /** A value of the wrong JSON type; Quarkus has a built-in mapper for it that this replaces. */
  @ServerExceptionMapper
  public Response wrongType(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
    return badJson(e);
  }

  @ServerExceptionMapper
  public Response badJson(JsonMappingException e) {
    String field = pathOf(e);
    String message =
        e.getCause() instanceof IllegalArgumentException iae && iae.getMessage() != null
            ? iae.getMessage()
            : "wrong type or shape";
    if (field.isEmpty()) {
      return respond(
          Problem.of(400, "malformed-json", "Malformed JSON", e.getOriginalMessage(), List.of()));
    }
    return respond(
        Problem.of(
            400,
            "invalid-request",
            "Invalid request",
            field + ": " + message,
            List.of(new Problem.FieldError(field, message))));
  }

  @ServerExceptionMapper
  public Response unparsable(JsonParseException e) {
    return respond(
        Problem.of(400, "malformed-json", "Malformed JSON", e.getOriginalMessage(), List.of()));
  }

  @ServerExceptionMapper
  public Response otherJson(JsonProcessingException e) {
    return respond(
        Problem.of(400, "malformed-json", "Malformed JSON", e.getOriginalMessage(), List.of()));
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    if (e.getCause() instanceof JsonMappingException jm) {
      return badJson(jm);
    }
    if (e.getCause() instanceof JsonProcessingException jp) {
      return otherJson(jp);
    }
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      LOG.error("request failed", e);
    }
    Response.Status s = Response.Status.fromStatusCode(status);
    String title = s != null ? s.getReasonPhrase() : "HTTP " + status;
    return respond(
        Problem.of(
            status, title.toLowerCase().replace(' ', '-'), title, e.getMessage(), List.of()));
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e) {
    LOG.error("unexpected error", e);
    return respond(
        Problem.of(
            500,
            "internal-error",
            "Internal error",
            "the request could not be completed; it has been logged",
            List.of()));
  }

  private static Response respond(Problem p) {
    return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
  }

  /** {@code features[0].id} from Jackson's reference chain. */
  static String pathOf(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  /** Property path without the method and parameter nodes of an endpoint's validation. */
  static String fieldOf(Path path) {
    StringBuilder sb = new StringBuilder();
    for (Path.Node n : path) {
      if (n.getKind() == ElementKind.METHOD
          || n.getKind() == ElementKind.PARAMETER
          || n.getKind() == ElementKind.RETURN_VALUE) {
        continue;
      }
      if (n.getIndex() != null) {
        sb.append('[').append(n.getIndex()).append(']');
      }
      if (n.getName() != null && !n.getName().startsWith("<")) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(n.getName());
      }
    }
    return sb.toString();
  }
}
