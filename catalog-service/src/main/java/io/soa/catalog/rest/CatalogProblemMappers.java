package io.soa.catalog.rest;

import io.soa.platform.error.Conflict;
import io.soa.platform.error.FieldError;
import io.soa.platform.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one refusal the platform's mappers cannot name: a unique key of the catalog (slug, version)
 * taken by a concurrent write after this request checked it, caught at flush time.
 */
public class CatalogProblemMappers {

  @ServerExceptionMapper
  public Response conflict(ConstraintViolationException e) {
    String field =
        e.getConstraintName() != null && e.getConstraintName().contains("slug")
            ? "slug"
            : "version";
    return ProblemMappers.respond(
        ProblemMappers.of(
            new Conflict(
                field + "-taken",
                "Conflict",
                "another request just took this " + field + "; choose another",
                List.of(new FieldError(field, "already used")))));
  }
}
