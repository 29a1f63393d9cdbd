package io.soa.platform.error;

/**
 * What a service's domain and service layers throw when a request cannot be done: no HTTP status
 * and no response shape here. Platform maps each kind to RFC 9457 problem details once ({@code
 * io.soa.platform.problem.ProblemMappers}; the types are listed in {@code docs/problems.md}).
 */
public abstract sealed class DomainException extends RuntimeException
    permits NotFound,
        Invalid,
        Conflict,
        StaleVersion,
        Forbidden,
        PaymentRequired,
        Gone,
        Unauthenticated,
        UpstreamFailure {
  private static final long serialVersionUID = 1L;

  private final String code;

  protected DomainException(String code, String detail) {
    super(detail, null, false, false); // an answer to a client, not a fault: no stack trace
    this.code = code;
  }

  /** The problem type's name (the anchor in {@code docs/problems.md}), e.g. {@code not-found}. */
  public String code() {
    return code;
  }

  /** What a client is told about it. */
  public String detail() {
    return getMessage();
  }
}
