package io.soa.indexer.follower;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.soa.indexer.repository.CursorRepository.Cursor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The order and failure rules of pipelined commits; plain threads, no node or database. */
class CommitPipelineTest {
  private static Cursor at(long block) {
    return new Cursor(block, "0x" + block, null, null);
  }

  @Test
  void commitsRunInOrderAndTheNewestPendingCursorIsKnown() throws Exception {
    List<Long> stored = new CopyOnWriteArrayList<>();
    CountDownLatch gate = new CountDownLatch(1);
    try (CommitPipeline p = new CommitPipeline(2)) {
      p.submit(at(1), () -> await(gate, () -> stored.add(1L)));
      p.submit(at(2), () -> stored.add(2L));
      assertThat(p.pipelined()).isEqualTo(at(2));
      p.poll();
      assertThat(stored).as("the second waits for the first").isEmpty();
      gate.countDown();
      p.drain();
      assertThat(stored).containsExactly(1L, 2L);
      assertThat(p.pipelined()).isNull();
    }
  }

  @Test
  void submittingPastTheBoundWaitsForTheOldest() throws Exception {
    List<Long> stored = new CopyOnWriteArrayList<>();
    try (CommitPipeline p = new CommitPipeline(1)) {
      p.submit(
          at(1),
          () -> {
            throw new IllegalStateException("first commit failed");
          });
      // one past the bound: submit waits for the oldest, so its failure surfaces right here
      assertThatThrownBy(() -> p.submit(at(2), () -> stored.add(2L)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("first commit failed");
      p.drain();
      assertThat(stored).as("nothing runs after a failed commit").isEmpty();
    }
  }

  @Test
  void aFailedCommitIsRethrownAndNothingQueuedAfterItRuns() throws Exception {
    List<Long> stored = new CopyOnWriteArrayList<>();
    CountDownLatch gate = new CountDownLatch(1);
    try (CommitPipeline p = new CommitPipeline(3)) {
      p.submit(
          at(1),
          () ->
              await(
                  gate,
                  () -> {
                    throw new IllegalStateException("database gone");
                  }));
      p.submit(at(2), () -> stored.add(2L));
      gate.countDown();
      assertThatThrownBy(p::drain)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("database gone");
      assertThat(p.pipelined()).as("the follower restarts from the stored cursor").isNull();
      p.drain(); // forgotten: nothing left to wait for
      assertThat(stored).isEmpty();
    }
  }

  private static void await(CountDownLatch gate, Runnable then) {
    try {
      assertThat(gate.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    then.run();
  }
}
