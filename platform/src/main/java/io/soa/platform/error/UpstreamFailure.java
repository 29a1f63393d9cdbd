package io.soa.platform.error;

/**
 * Something the request depends on failed, not the request: a model endpoint that refused, timed
 * out, answered too much or may not be called (502, 504), or a service that is unavailable (503).
 */
public final class UpstreamFailure extends DomainException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public UpstreamFailure(int status, String code, String detail) {
    super(code, detail);
    if (status != 502 && status != 503 && status != 504) {
      throw new IllegalArgumentException("an upstream failure is 502, 503 or 504: " + status);
    }
    this.status = status;
  }

  public int status() {
    return status;
  }
}
