package io.soa.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which consumer failures are retried in place and which send a record to the dead letters. */
class RedeliveryTest {
  static PgException pg(String state) {
    return new PgException("x", "ERROR", state, "detail");
  }

  @Test
  void connectionsTimeoutsAndConflictsAreTransientEverythingElseIsNot() {
    assertThat(Redelivery.isTransient(pg("08006"))).isTrue(); // connection failure
    assertThat(Redelivery.isTransient(pg("57P01"))).isTrue(); // admin shutdown
    assertThat(Redelivery.isTransient(pg("40001"))).isTrue(); // serialization
    assertThat(Redelivery.isTransient(new RuntimeException(new ConnectException("refused"))))
        .isTrue();
    assertThat(Redelivery.isTransient(pg("23505")))
        .isFalse(); // unique violation: a bug or a duplicate
    assertThat(Redelivery.isTransient(pg("22P02"))).isFalse(); // bad input
    assertThat(Redelivery.isTransient(new IllegalArgumentException("breaks its schema"))).isFalse();
    assertThat(Redelivery.isTransient(new NullPointerException())).isFalse();
  }

  @Test
  void transientFailuresAreRetriedUntilTheyPassOthersFailAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    Uni<String> flaky =
        Uni.createFrom()
            .item(
                () -> {
                  if (calls.incrementAndGet() < 3) {
                    throw pg("08006");
                  }
                  return "applied";
                });
    assertThat(Redelivery.retryingTransientFailures(flaky).await().atMost(Duration.ofSeconds(10)))
        .isEqualTo("applied");
    assertThat(calls.get()).isEqualTo(3);

    AtomicInteger poison = new AtomicInteger();
    Uni<String> bad =
        Uni.createFrom()
            .item(
                () -> {
                  poison.incrementAndGet();
                  throw new IllegalArgumentException("not a CloudEvent");
                });
    assertThatThrownBy(
            () -> Redelivery.retryingTransientFailures(bad).await().atMost(Duration.ofSeconds(10)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(poison.get()).isEqualTo(1);
    assertThat(Redelivery.deadLetterTopic("catalog-service"))
        .isEqualTo("soa.dlq.catalog-service.v1");
  }
}
