package io.soa.platform.error;

/** The caller is known but may not do this. */
public final class Forbidden extends DomainException {
  private static final long serialVersionUID = 1L;

  public Forbidden(String detail) {
    super("forbidden", detail);
  }

  /** A kind the client tells apart ({@code code}, e.g. {@code bad-signature}). */
  public Forbidden(String code, String detail) {
    super(code, detail);
  }
}
