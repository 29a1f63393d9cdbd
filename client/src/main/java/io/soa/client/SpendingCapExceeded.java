package io.soa.client;

import java.math.BigInteger;

/**
 * A payment the client refused to make: it is above the most the payer agreed to pay per call, or
 * beyond what is left of its budget. Nothing was signed.
 */
public final class SpendingCapExceeded extends SoaException {
  private static final long serialVersionUID = 1L;

  SpendingCapExceeded(BigInteger asked, BigInteger allowed, String what) {
    super(
        0,
        "spending-cap-exceeded",
        "asked to pay "
            + asked
            + " base units, above "
            + what
            + " ("
            + allowed
            + "): raise the cap if you agree to pay it",
        null);
  }
}
