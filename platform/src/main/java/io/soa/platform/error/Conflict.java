package io.soa.platform.error;

import java.util.List;

/**
 * The request clashes with the current state (a unique name taken, a version not newer, ...).
 * {@code code} names the clash and is the problem type's name, e.g. {@code slug-taken}.
 */
public final class Conflict extends DomainException {
  private static final long serialVersionUID = 1L;

  private final String title;
  private final transient List<FieldError> errors;

  private final transient java.util.Map<String, Object> outcome;

  public Conflict(String code, String title, String detail, List<FieldError> errors) {
    this(code, title, detail, errors, null);
  }

  /** With {@code outcome}: what became of the earlier request this one clashes with, or null. */
  public Conflict(
      String code,
      String title,
      String detail,
      List<FieldError> errors,
      java.util.Map<String, Object> outcome) {
    super(code, detail);
    this.title = title;
    this.errors = List.copyOf(errors);
    this.outcome = outcome;
  }

  public java.util.Map<String, Object> outcome() {
    return outcome;
  }

  /** A short summary of the clash, e.g. {@code Slug taken}. */
  public String title() {
    return title;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
