package io.soa.platform.error;

/** The thing a request names does not exist (or the caller may not know that it does). */
public final class NotFound extends DomainException {
  private static final long serialVersionUID = 1L;

  private final String what;

  public NotFound(String what, Object id) {
    this("not-found", what, what + " " + id + " does not exist");
  }

  /** A kind of absence a client tells apart ({@code code}, e.g. {@code unknown-channel}). */
  public NotFound(String code, String what, String detail) {
    super(code, detail);
    this.what = what;
  }

  /** What kind of thing, e.g. {@code model}. */
  public String what() {
    return what;
  }
}
