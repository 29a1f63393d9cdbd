package io.soa.analytics.stream;

import java.math.BigInteger;

/**
 * Settlement batches of one outcome ({@code submitted}, {@code confirmed}, {@code failed}): how
 * many, what they claimed ({@code amount}: submitted's claim, confirmed's gross paid) and the
 * platform's fees (confirmed only).
 */
public record SettlementTotals(long count, String amount, String fees) {
  SettlementTotals plus(SettlementTotals o) {
    return new SettlementTotals(
        count + o.count,
        new BigInteger(amount).add(new BigInteger(o.amount)).toString(),
        new BigInteger(fees).add(new BigInteger(o.fees)).toString());
  }
}
