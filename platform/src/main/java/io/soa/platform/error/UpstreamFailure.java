package io.soa.platform.error;

/**
 * Something the request depends on failed, not the request: a model endpoint that refused, timed
 * out, answered too much or may not be called (502, 504), or a service that is unavailable (503).
 */
public final class UpstreamFailure extends DomainException {
  private static final long serialVersionUID = 1L;

  private final int status;

  private final transient java.util.Map<String, Object> outcome;

  public UpstreamFailure(int status, String code, String detail) {
    this(status, code, detail, null);
  }

  /** With {@code outcome}: what the upstream did (e.g. a model's own status), or null. */
  public UpstreamFailure(
      int status, String code, String detail, java.util.Map<String, Object> outcome) {
    super(code, detail);
    this.outcome = outcome;
    if (status != 502 && status != 503 && status != 504) {
      throw new IllegalArgumentException("an upstream failure is 502, 503 or 504: " + status);
    }
    this.status = status;
  }

  public java.util.Map<String, Object> outcome() {
    return outcome;
  }

  public int status() {
    return status;
  }
}
