package io.soa.platform.error;

/** A sign-in that proves nothing: the caller is not who it says, or the proof is not valid now. */
public final class Unauthenticated extends DomainException {
  private static final long serialVersionUID = 1L;

  /** A kind the client tells apart ({@code code}, e.g. {@code siwe-expired}). */
  public Unauthenticated(String code, String detail) {
    super(code, detail);
  }
}
