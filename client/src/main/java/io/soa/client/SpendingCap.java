package io.soa.client;

import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a payer agrees to spend, in $SOA base units: at most {@code perCall} for one call and {@code
 * budget} in all. A payment is reserved before it is signed (so concurrent calls cannot together go
 * past the budget) and given back only when it was certainly not taken; whatever a server asks,
 * nothing beyond the cap is ever signed.
 */
public final class SpendingCap {
  private final BigInteger perCall;
  private final BigInteger budget;
  private final AtomicReference<BigInteger> reserved = new AtomicReference<>(BigInteger.ZERO);

  public SpendingCap(BigInteger perCall, BigInteger budget) {
    if (perCall.signum() < 0 || budget.signum() < 0) {
      throw new IllegalArgumentException("a cap is not negative");
    }
    this.perCall = perCall;
    this.budget = budget;
  }

  /** At most {@code perCall} a call, with no total. */
  public static SpendingCap perCall(BigInteger perCall) {
    return new SpendingCap(perCall, unlimited());
  }

  private static BigInteger unlimited() {
    return BigInteger.TWO.pow(256);
  }

  /** Reserves {@code amount} for one payment, or refuses it. */
  public void reserve(BigInteger amount) {
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("a negative payment");
    }
    if (amount.compareTo(perCall) > 0) {
      throw new SpendingCapExceeded(amount, perCall, "the cap per call");
    }
    reserved.getAndUpdate(
        r -> {
          BigInteger next = r.add(amount);
          if (next.compareTo(budget) > 0) {
            throw new SpendingCapExceeded(amount, budget.subtract(r), "what is left of the budget");
          }
          return next;
        });
  }

  /** Gives back a reservation whose payment was certainly not taken (nothing was sent). */
  public void release(BigInteger amount) {
    reserved.getAndUpdate(r -> r.subtract(amount));
  }

  /** What has been reserved: paid, or possibly paid. */
  public BigInteger spent() {
    return reserved.get();
  }

  /** What is left of the budget. */
  public BigInteger left() {
    return budget.subtract(reserved.get());
  }
}
