package io.soa.platform.error;

/** The thing exists but no longer takes requests (a closed or expiring channel), HTTP 410. */
public final class Gone extends DomainException {
  private static final long serialVersionUID = 1L;

  public Gone(String code, String detail) {
    super(code, detail);
  }
}
