package io.soa.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}). {@code errors} names each
 * offending field so clients can show the error beside it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";
  private static final String BASE = "https://soa.example/problems/";

  /** One invalid field: a JSON path such as {@code features[0].id}, and what is wrong. */
  public record FieldError(String field, String message) {}

  public static Problem of(
      int status, String slug, String title, String detail, List<FieldError> errors) {
    return new Problem(BASE + slug, title, status, detail, null, errors);
  }
}
