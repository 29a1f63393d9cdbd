package io.soa.catalog.rest;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.soa.platform.problem.Problem;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Problem details for what the platform's mappers do not know: authentication (which needs {@code
 * quarkus.http.auth.proactive=false} to reach JAX-RS) and concurrent writes caught at flush time.
 */
public class CatalogProblemMappers {

  @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
  public Response unauthorized(RuntimeException e) {
    return Response.status(401)
        .header("WWW-Authenticate", "Bearer")
        .type(Problem.MEDIA_TYPE)
        .entity(
            Problem.of(
                401,
                "unauthorized",
                "Unauthorized",
                "send a valid bearer token (a JWT of the platform whose subject is your address)",
                List.of()))
        .build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return Response.status(403)
        .type(Problem.MEDIA_TYPE)
        .entity(Problem.of(403, "forbidden", "Forbidden", e.getMessage(), List.of()))
        .build();
  }

  /** Two writers read the same version; the second to commit loses. */
  @ServerExceptionMapper({
    jakarta.persistence.OptimisticLockException.class,
    org.hibernate.StaleStateException.class
  })
  public Response stale(RuntimeException e) {
    return Response.status(412)
        .type(Problem.MEDIA_TYPE)
        .entity(
            Problem.of(
                412,
                "stale-etag",
                "Precondition failed",
                "the model changed while this request was applied; read it again and retry",
                List.of()))
        .build();
  }

  /** A unique key taken by a concurrent write (slug, version) after this request checked it. */
  @ServerExceptionMapper
  public Response conflict(org.hibernate.exception.ConstraintViolationException e) {
    String field =
        e.getConstraintName() != null && e.getConstraintName().contains("slug")
            ? "slug"
            : "version";
    return Response.status(409)
        .type(Problem.MEDIA_TYPE)
        .entity(
            Problem.of(
                409,
                field + "-taken",
                "Conflict",
                "another request just took this " + field + "; choose another",
                List.of(new Problem.FieldError(field, "already used"))))
        .build();
  }
}
