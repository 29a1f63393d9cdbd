package io.soa.platform.error;

/** The caller's copy is older than the stored one (optimistic concurrency): read again, retry. */
public final class StaleVersion extends DomainException {
  private static final long serialVersionUID = 1L;

  public StaleVersion(String detail) {
    super("stale-etag", detail);
  }

  /** A kind the client tells apart ({@code code}, e.g. {@code bad-signature}). */
  public StaleVersion(String code, String detail) {
    super(code, detail);
  }
}
