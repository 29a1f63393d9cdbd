package io.soa.platform.error;

import java.util.Map;

/**
 * The request needs payment first (HTTP 402): no licence covers it, or the voucher does not cover
 * the charge. {@code amounts} says how much, as decimal strings of $SOA base units.
 */
public final class PaymentRequired extends DomainException {
  private static final long serialVersionUID = 1L;

  private final transient Map<String, String> amounts;

  private final transient Object howToPay;

  private final transient Map<String, String> headers;

  private final transient Map<String, Object> members;

  public PaymentRequired(String code, String detail, Map<String, String> amounts) {
    this(code, detail, amounts, null);
  }

  /** With {@code howToPay}: the ways to pay for it (a JSON-serializable value), or null. */
  public PaymentRequired(String code, String detail, Map<String, String> amounts, Object howToPay) {
    this(code, detail, amounts, howToPay, Map.of());
  }

  /** With response {@code headers} too, e.g. x402's {@code PAYMENT-REQUIRED}. */
  public PaymentRequired(
      String code,
      String detail,
      Map<String, String> amounts,
      Object howToPay,
      Map<String, String> headers) {
    this(code, detail, amounts, howToPay, headers, Map.of());
  }

  /** With top-level {@code members} of another protocol's 402 body too (x402 v1's). */
  public PaymentRequired(
      String code,
      String detail,
      Map<String, String> amounts,
      Object howToPay,
      Map<String, String> headers,
      Map<String, Object> members) {
    super(code, detail);
    this.amounts = Map.copyOf(amounts);
    this.howToPay = howToPay;
    this.headers = Map.copyOf(headers);
    this.members = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(members));
  }

  /** Top-level members of the 402's body beside its problem details. */
  public Map<String, Object> members() {
    return members;
  }

  /** Headers the 402 carries beside its problem details. */
  public Map<String, String> headers() {
    return headers;
  }

  public Object howToPay() {
    return howToPay;
  }

  public Map<String, String> amounts() {
    return amounts;
  }
}
