package io.soa.platform.error;

/** The caller is known but may not do this. */
public final class Forbidden extends DomainException {
  private static final long serialVersionUID = 1L;

  public Forbidden(String detail) {
    super(detail);
  }
}
