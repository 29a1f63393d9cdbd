package io.soa.platform.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.soa.platform.error.Conflict;
import io.soa.platform.error.DomainException;
import io.soa.platform.error.FieldError;
import io.soa.platform.error.Forbidden;
import io.soa.platform.error.Gone;
import io.soa.platform.error.Invalid;
import io.soa.platform.error.JsonPaths;
import io.soa.platform.error.NotFound;
import io.soa.platform.error.PaymentRequired;
import io.soa.platform.error.StaleVersion;
import io.soa.platform.error.Unauthenticated;
import io.soa.platform.error.UpstreamFailure;
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

/**
 * Maps every error a REST endpoint can raise to RFC 9457 problem details, once for every service:
 * the domain's refusals ({@link DomainException}), authentication and authorization, validation,
 * unreadable JSON, and anything unexpected (a 500 that says nothing inside).
 */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response problem(ProblemException e) {
    return respond(e.problem());
  }

  @ServerExceptionMapper
  public Response domain(DomainException e) {
    if (e instanceof PaymentRequired p && !p.headers().isEmpty()) {
      Response.ResponseBuilder r = Response.status(402).type(Problem.MEDIA_TYPE).entity(of(e));
      p.headers().forEach(r::header);
      return r.build();
    }
    return respond(of(e));
  }

  /** The problem details of a domain refusal. */
  public static Problem of(DomainException e) {
    return switch (e) {
      case NotFound n -> Problem.of(404, n.code(), n.what() + " not found", n.detail(), List.of());
      case Invalid i ->
          i.malformed()
              ? Problem.of(400, i.code(), "Malformed JSON", i.detail(), List.of())
              : Problem.of(400, i.code(), "Invalid request", i.detail(), i.errors());
      case Conflict c ->
          Problem.of(409, c.code(), c.title(), c.detail(), c.errors()).withOutcome(c.outcome());
      case StaleVersion s ->
          Problem.of(412, s.code(), "Precondition failed", s.detail(), List.of());
      case Forbidden f -> Problem.of(403, f.code(), "Forbidden", f.detail(), List.of());
      case PaymentRequired p ->
          Problem.of(402, p.code(), "Payment required", p.detail(), List.of())
              .withAmounts(p.amounts())
              .withHowToPay(p.howToPay())
              .withMembers(p.members());
      case Gone g -> Problem.of(410, g.code(), "Gone", g.detail(), List.of());
      case Unauthenticated u -> Problem.of(401, u.code(), "Unauthorized", u.detail(), List.of());
      case UpstreamFailure f ->
          Problem.of(
                  f.status(),
                  f.code(),
                  switch (f.status()) {
                    case 503 -> "Service unavailable";
                    case 504 -> "Gateway timeout";
                    default -> "Bad gateway";
                  },
                  f.detail(),
                  List.of())
              .withOutcome(f.outcome());
    };
  }

  /** No token, an expired one, a bad signature or audience: Quarkus' security refuses it. */
  @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
  public Response unauthorized(RuntimeException e) {
    return Response.status(401)
        .type(Problem.MEDIA_TYPE)
        .header("WWW-Authenticate", "Bearer")
        .entity(
            Problem.of(
                401,
                "unauthorized",
                "Unauthorized",
                "send a valid bearer token (a JWT of the platform, audience soa, whose subject is your address)",
                List.of()))
        .build();
  }

  /** A valid token without the role an endpoint needs. */
  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return respond(
        Problem.of(
            403,
            "forbidden",
            "Forbidden",
            e.getMessage() == null ? "the token may not do this" : e.getMessage(),
            List.of()));
  }

  /** Quarkus' own subtype for endpoint validation; mapped here so its built-in mapper loses. */
  @ServerExceptionMapper
  public Response endpointViolation(
      io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException e) {
    return constraintViolation(e);
  }

  @ServerExceptionMapper
  public Response constraintViolation(ConstraintViolationException e) {
    List<FieldError> errors = new ArrayList<>();
    for (ConstraintViolation<?> v : e.getConstraintViolations()) {
      errors.add(new FieldError(fieldOf(v.getPropertyPath()), v.getMessage()));
    }
    errors.sort(Comparator.comparing(FieldError::field));
    return respond(
        Problem.of(
            400,
            "invalid-request",
            "Invalid request",
            errors.size()
                + " invalid field(s): "
                + String.join(", ", errors.stream().map(FieldError::field).toList()),
            errors));
  }

  @ServerExceptionMapper
  public Response unknownField(UnrecognizedPropertyException e) {
    String field = JsonPaths.of(e);
    return respond(
        Problem.of(
            400,
            "invalid-request",
            "Invalid request",
            "unknown field " + field,
            List.of(new FieldError(field, "unknown field"))));
  }

  @ServerExceptionMapper
  public Response badFormat(InvalidFormatException e) {
    String field = JsonPaths.of(e);
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
            List.of(new FieldError(field, message))));
  }

  /** A value of the wrong JSON type; Quarkus has a built-in mapper for it that this replaces. */
  @ServerExceptionMapper
  public Response wrongType(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
    return badJson(e);
  }

  @ServerExceptionMapper
  public Response badJson(JsonMappingException e) {
    String field = JsonPaths.of(e);
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
            List.of(new FieldError(field, message))));
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

  /** The response of {@code p}; {@link ProblemInstance} sets its {@code instance}. */
  public static Response respond(Problem p) {
    return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
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
