package io.soa.platform.error;

/**
 * What a service's domain and service layers throw when a request cannot be done: no HTTP status
 * and no response shape here. Platform maps each kind to RFC 9457 problem details once ({@code
 * io.soa.platform.problem.ProblemMappers}; the types are listed in {@code docs/problems.md}).
 */
public abstract sealed class DomainException extends RuntimeException
    permits NotFound, Invalid, Conflict, StaleVersion, Forbidden {
  private static final long serialVersionUID = 1L;

  protected DomainException(String detail) {
    super(detail, null, false, false); // an answer to a client, not a fault: no stack trace
  }

  /** What a client is told about it. */
  public String detail() {
    return getMessage();
  }
}
