package io.soa.platform.error;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.List;

/** The request's content breaks a rule: each offending field is named. */
public final class Invalid extends DomainException {
  private static final long serialVersionUID = 1L;

  private final transient List<FieldError> errors;
  private final boolean malformed;

  private Invalid(String detail, List<FieldError> errors, boolean malformed) {
    super(malformed ? "malformed-json" : "invalid-request", detail);
    this.errors = List.copyOf(errors);
    this.malformed = malformed;
  }

  /** One invalid field. */
  public static Invalid field(String field, String message) {
    return new Invalid(field + ": " + message, List.of(new FieldError(field, message)), false);
  }

  /** Several invalid fields at once. */
  public static Invalid fields(String detail, List<FieldError> errors) {
    return new Invalid(detail, errors, false);
  }

  /** Content that could not be parsed at all. */
  public static Invalid malformed(String detail) {
    return new Invalid(detail, List.of(), true);
  }

  /** Content that is not JSON of the expected shape; names the field where one is known. */
  public static Invalid json(JsonMappingException e) {
    String field = JsonPaths.of(e);
    if (field.isEmpty()) {
      return new Invalid(e.getOriginalMessage(), List.of(), true);
    }
    return field(
        field,
        e instanceof UnrecognizedPropertyException ? "unknown field" : "wrong type or shape");
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** True when the content could not be read at all (no field to name). */
  public boolean malformed() {
    return malformed;
  }
}
