package io.soa.indexer.follower;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the range follows the node's answers; no node needed. */
class RangeSizerTest {
  private static final long NOW = 1_000_000;

  @Test
  void startsWithinOneAndTheMaximum() {
    assertThat(new RangeSizer(5_000, 2_000).blocks()).isEqualTo(2_000);
    assertThat(new RangeSizer(0, 2_000).blocks()).isEqualTo(1);
  }

  @Test
  void growsAtMostTwofoldOnFastEmptyAnswersAndNeverPastTheMaximum() {
    RangeSizer s = new RangeSizer(100, 1_000);
    s.adapt(100, 0, 10, NOW);
    assertThat(s.blocks()).isEqualTo(200);
    for (int i = 0; i < 10; i++) {
      s.adapt(s.blocks(), 0, 10, NOW);
    }
    assertThat(s.blocks()).isEqualTo(1_000);
  }

  @Test
  void aimsAtTheTargetLogCount() {
    RangeSizer s = new RangeSizer(1_000, 100_000);
    s.adapt(1_000, 4 * RangeSizer.TARGET_LOGS, 100, NOW);
    assertThat(s.blocks()).isEqualTo(250);
    s.adapt(250, RangeSizer.TARGET_LOGS / 4, 100, NOW);
    assertThat(s.blocks()).as("towards 1,000 but at most twofold").isEqualTo(500);
  }

  @Test
  void slowAnswersNeverGrowItAndVerySlowOnesHalveIt() {
    RangeSizer s = new RangeSizer(1_000, 100_000);
    s.adapt(1_000, 10, 2_000, NOW);
    assertThat(s.blocks()).isEqualTo(1_000);
    s.adapt(1_000, 0, 2_000, NOW);
    assertThat(s.blocks()).isEqualTo(1_000);
    s.adapt(1_000, 10, 6_000, NOW);
    assertThat(s.blocks()).isEqualTo(500);
  }

  @Test
  void aRangeCutShortByTheHeadChangesNothing() {
    RangeSizer s = new RangeSizer(1_000, 100_000);
    s.adapt(3, 0, 1, NOW);
    assertThat(s.blocks()).isEqualTo(1_000);
  }

  @Test
  void aRefusedSizeIsNotGrownBackIntoForAMinute() {
    RangeSizer s = new RangeSizer(1_000, 100_000);
    s.refused(NOW);
    assertThat(s.blocks()).isEqualTo(500);
    s.adapt(500, 0, 1, NOW + 59_999);
    assertThat(s.blocks()).isEqualTo(500);
    s.adapt(500, 0, 1, NOW + 60_000);
    assertThat(s.blocks()).isEqualTo(1_000);
  }

  @Test
  void timeoutsHalveItDownToOneBlock() {
    RangeSizer s = new RangeSizer(3, 100);
    s.timedOut();
    assertThat(s.blocks()).isEqualTo(1);
    s.timedOut();
    assertThat(s.blocks()).isEqualTo(1);
  }
}
