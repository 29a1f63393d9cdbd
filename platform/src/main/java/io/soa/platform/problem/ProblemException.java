package io.soa.platform.problem;

import java.util.List;

/** Thrown by services for a client error; mapped to a problem details response. */
public class ProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Problem problem;

  public ProblemException(int status, String slug, String title, String detail) {
    this(Problem.of(status, slug, title, detail, List.of()));
  }

  public ProblemException(Problem problem) {
    super(problem.detail());
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }

  public static ProblemException notFound(String what, Object id) {
    return new ProblemException(
        404, "not-found", what + " not found", what + " " + id + " does not exist");
  }

  /** A 400 naming the field of a JSON value of the wrong type or shape. */
  public static ProblemException invalidJson(
      com.fasterxml.jackson.databind.JsonMappingException e) {
    String field = ProblemMappers.pathOf(e);
    return field.isEmpty()
        ? new ProblemException(400, "malformed-json", "Malformed JSON", e.getOriginalMessage())
        : invalid(
            field,
            e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException
                ? "unknown field"
                : "wrong type or shape");
  }

  public static ProblemException invalid(String field, String message) {
    return new ProblemException(
        Problem.of(
            400,
            "invalid-request",
            "Invalid request",
            field + ": " + message,
            List.of(new Problem.FieldError(field, message))));
  }
}
