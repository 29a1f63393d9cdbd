package io.soa.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The cap's arithmetic: per call, in all, and under concurrent calls. */
class SpendingCapTest {
  @Test
  void aPaymentAboveTheCapPerCallIsRefusedAndReservesNothing() {
    SpendingCap cap = new SpendingCap(BigInteger.valueOf(100), BigInteger.valueOf(1000));
    assertThatThrownBy(() -> cap.reserve(BigInteger.valueOf(101)))
        .isInstanceOf(SpendingCapExceeded.class)
        .hasMessageContaining("101")
        .hasMessageContaining("cap per call");
    assertThat(cap.spent()).isZero();
    cap.reserve(BigInteger.valueOf(100));
    assertThat(cap.spent()).isEqualTo(100);
    assertThat(cap.left()).isEqualTo(900);
  }

  @Test
  void theBudgetIsNeverPassedAndARefusedPaymentIsGivenBack() {
    SpendingCap cap = new SpendingCap(BigInteger.valueOf(100), BigInteger.valueOf(250));
    cap.reserve(BigInteger.valueOf(100));
    cap.reserve(BigInteger.valueOf(100));
    assertThatThrownBy(() -> cap.reserve(BigInteger.valueOf(51)))
        .isInstanceOf(SpendingCapExceeded.class)
        .hasMessageContaining("left of the budget");
    cap.release(BigInteger.valueOf(100)); // a payment the server refused
    cap.reserve(BigInteger.valueOf(100));
    assertThat(cap.spent()).isEqualTo(200);
    assertThatThrownBy(() -> cap.reserve(BigInteger.ONE.negate()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentCallsTogetherStayWithinTheBudget() {
    SpendingCap cap = new SpendingCap(BigInteger.TEN, BigInteger.valueOf(1_000));
    long accepted =
        IntStream.range(0, 400)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () -> {
                          try {
                            cap.reserve(BigInteger.valueOf(7));
                            return true;
                          } catch (SpendingCapExceeded e) {
                            return false;
                          }
                        }))
            .toList()
            .stream()
            .filter(CompletableFuture::join)
            .count();
    assertThat(accepted).isEqualTo(1_000 / 7);
    assertThat(cap.spent()).isEqualTo(BigInteger.valueOf(7 * (1_000 / 7)));
  }
}
