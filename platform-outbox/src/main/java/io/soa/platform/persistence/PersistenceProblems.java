package io.soa.platform.persistence;

import io.soa.platform.error.StaleVersion;
import io.soa.platform.error.UpstreamFailure;
import io.soa.platform.problem.ProblemMappers;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.Response;
import org.hibernate.StaleStateException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The problem answers of the database's own troubles: Hibernate's optimistic locking, and a
 * connection lost mid-request (the server restarted, or dropped it).
 */
public class PersistenceProblems {
  /**
   * The connection went away under the request: its transaction did not commit, so nothing it would
   * have changed did. 503 with Retry-After, not 500: sending it again (with the same idempotency
   * key) is safe, and the pool reconnects.
   */
  @ServerExceptionMapper(ClosedConnectionException.class)
  public Response connectionLost(ClosedConnectionException e) {
    return Response.fromResponse(
            ProblemMappers.respond(
                ProblemMappers.of(
                    new UpstreamFailure(
                        503,
                        "database-unavailable",
                        "the database connection was lost during the request; nothing was"
                            + " changed: send it again"))))
        .header("Retry-After", "1")
        .build();
  }

  /** Two writers read the same version; the second to commit loses. */
  @ServerExceptionMapper({OptimisticLockException.class, StaleStateException.class})
  public Response stale(RuntimeException e) {
    return ProblemMappers.respond(
        ProblemMappers.of(
            new StaleVersion(
                "the resource changed while this request was applied; read it again and retry")));
  }
}
