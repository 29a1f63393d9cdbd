package io.soa.analytics.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** A channel's book from its facts, in any redelivery and with a reorg's retractions. */
class ChannelBookTest {
  static final long T = 1_700_000_000_000L;

  static ChannelFact charge(String id, String amount, long at) {
    return new ChannelFact("1", "charge", id, false, at, "7", null, null, amount);
  }

  static ChannelFact claim(long block, String cumulative, long at, boolean removed) {
    return new ChannelFact(
        "1",
        "claimed",
        String.format("%019d:%09d", block, 0),
        removed,
        at,
        "7",
        null,
        null,
        cumulative);
  }

  @Test
  void lagRunsFromEachChargeToTheClaimThatCoveredIt() {
    ChannelBook b = new ChannelBook();
    b.apply(
        new ChannelFact(
            "1",
            "opened",
            "0000000000000000001:000000000",
            false,
            T,
            "7",
            "10000",
            1_700_003_600L,
            null));
    b.apply(charge("a", "1000", T));
    b.apply(charge("a", "1000", T)); // delivered again
    b.apply(charge("b", "2000", T + 1_000));
    b.apply(charge("c", "500", T + 2_000));
    b.apply(new ChannelFact("1", "release", "c", false, T + 3_000, "7", null, null, "500"));
    b.apply(claim(5, "1000", T + 10_000, false));

    ChannelBook.Status s = b.status();
    assertThat(s.deposit()).isEqualTo(BigInteger.valueOf(10000));
    assertThat(s.expiresAtMillis()).isEqualTo(1_700_003_600_000L);
    assertThat(s.charged()).isEqualTo(BigInteger.valueOf(3000));
    assertThat(s.claimed()).isEqualTo(BigInteger.valueOf(1000));
    assertThat(s.unsettled()).isEqualTo(BigInteger.valueOf(2000));
    assertThat(s.settledCharges()).isEqualTo(1);
    assertThat(s.lastLagMillis()).isEqualTo(10_000);
    assertThat(s.oldestUnsettledAt()).isEqualTo(T + 1_000);

    b.apply(claim(6, "3000", T + 31_000, false));
    s = b.status();
    assertThat(s.unsettled()).isZero();
    assertThat(s.settledCharges()).isEqualTo(2);
    assertThat(s.lastLagMillis()).isEqualTo(30_000);
    assertThat(s.maxLagMillis()).isEqualTo(30_000);
    assertThat(s.oldestUnsettledAt()).isNull();

    b.apply(claim(6, "3000", T + 31_000, true)); // the reorg took that claim back out
    s = b.status();
    assertThat(s.unsettled()).isEqualTo(BigInteger.valueOf(2000));
    assertThat(s.settledCharges()).isEqualTo(1);

    b.apply(
        new ChannelFact(
            "1",
            "closed",
            "0000000000000000009:000000000",
            false,
            T + 90_000,
            null,
            null,
            null,
            null));
    assertThat(b.status().unsettled()).as("closed: nothing more can be claimed").isZero();
    assertThat(b.status().closed()).isTrue();
  }
}
