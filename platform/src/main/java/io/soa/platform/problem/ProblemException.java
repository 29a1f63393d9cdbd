package io.soa.platform.problem;

import java.util.List;

/**
 * An HTTP-shaped refusal for the REST layer only (a missing header, a bad query parameter): the
 * domain and service layers throw {@link io.soa.platform.error.DomainException}s instead.
 */
public class ProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Problem problem;

  public ProblemException(int status, String slug, String title, String detail) {
    this(Problem.of(status, slug, title, detail, List.of()));
  }

  public ProblemException(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
