package io.soa.platform.types;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigInteger;

/**
 * A token amount in integer base units (wei of $SOA). JSON: a decimal string, so no client ever
 * parses it as a float. Stored as NUMERIC(78,0), which holds any uint256.
 */
public record Amount(BigInteger value) implements Comparable<Amount> {
  private static final BigInteger UINT256_MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

  /** A decimal of at most 78 digits without leading zeros: the text of an amount or a token id. */
  public static final java.util.regex.Pattern DECIMAL =
      java.util.regex.Pattern.compile("^(0|[1-9][0-9]{0,77})$");

  public static final Amount ZERO = new Amount(BigInteger.ZERO);

  public Amount {
    if (value == null || value.signum() < 0 || value.compareTo(UINT256_MAX) > 0) {
      throw new IllegalArgumentException("amount out of uint256 range: " + value);
    }
  }

  @JsonCreator
  public static Amount parse(String decimal) {
    if (decimal == null || !DECIMAL.matcher(decimal).matches()) {
      throw new IllegalArgumentException("not a base-unit amount (decimal digits): " + decimal);
    }
    return new Amount(new BigInteger(decimal));
  }

  public Amount plus(Amount other) {
    return new Amount(value.add(other.value));
  }

  public Amount minus(Amount other) {
    return new Amount(value.subtract(other.value));
  }

  @Override
  public int compareTo(Amount o) {
    return value.compareTo(o.value);
  }

  @JsonValue
  @Override
  public String toString() {
    return value.toString();
  }
}
