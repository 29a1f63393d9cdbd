package io.soa.indexer.follower;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ids are deterministic, and a log mined again after a reorg gets a new one. */
class EventIdsTest {
  private static final String BASE = "31337:0xabc:4";

  @Test
  void aLogKeepsItsIdUnlessItWasRetractedBefore() {
    assertThat(EventIds.ofLog(BASE, "0xb1", Set.of())).isEqualTo(BASE);
    assertThat(EventIds.ofLog(BASE, "0xb2", Set.of(BASE))).isEqualTo(BASE + ":0xb2");
  }

  @Test
  void theBaseOfEveryIdIsTheLogsPosition() {
    assertThat(EventIds.base(BASE)).isEqualTo(BASE);
    assertThat(EventIds.base(BASE + ":0xb2")).isEqualTo(BASE);
    assertThat(EventIds.base(EventIds.ofRemoval(BASE + ":0xb2", "0xb2"))).isEqualTo(BASE);
  }

  @Test
  void reorgAndRemovalIdsNameWhatTheyUndo() {
    assertThat(EventIds.ofReorg(31337, "0xtip", 41)).isEqualTo("31337:reorg:0xtip:41");
    assertThat(EventIds.ofRemoval(BASE, "0xb1")).isEqualTo(BASE + ":removed:0xb1");
  }
}
