package io.soa.platform.persistence;

import io.soa.platform.error.StaleVersion;
import io.soa.platform.problem.ProblemMappers;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.Response;
import org.hibernate.StaleStateException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The problem answer of Hibernate's optimistic locking, for services with Hibernate entities. */
public class PersistenceProblems {
  /** Two writers read the same version; the second to commit loses. */
  @ServerExceptionMapper({OptimisticLockException.class, StaleStateException.class})
  public Response stale(RuntimeException e) {
    return ProblemMappers.respond(
        ProblemMappers.of(
            new StaleVersion(
                "the resource changed while this request was applied; read it again and retry")));
  }
}
