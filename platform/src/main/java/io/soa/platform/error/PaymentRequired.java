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
    super(code, detail);
    this.amounts = Map.copyOf(amounts);
    this.howToPay = howToPay;
    this.headers = Map.copyOf(headers);
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
