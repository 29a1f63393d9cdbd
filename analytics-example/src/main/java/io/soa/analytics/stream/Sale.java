package io.soa.analytics.stream;

import java.math.BigInteger;

/**
 * One sale, or its retraction ({@code count} -1 and the amounts negated).
 *
 * @param kind {@code licence} (bought from its tier), {@code licence-resale} or {@code model} (the
 *     model token sold on the marketplace)
 * @param volume what the buyer paid, in $SOA base units
 * @param royalty the model owner's royalty out of a resale or model sale (0 for a primary sale,
 *     where the owner is paid all but the fee)
 */
public record Sale(String kind, long count, String volume, String royalty) {
  Sale negate() {
    return new Sale(
        kind,
        -count,
        new BigInteger(volume).negate().toString(),
        new BigInteger(royalty).negate().toString());
  }
}
