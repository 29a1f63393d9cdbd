package io.soa.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.soa.chaos.IndexerChaos;
import io.soa.devchain.RepoRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The packaged indexer is killed with SIGKILL mid-stream and restarted, the chain reorganizes under
 * it, and it starts with a backlog (backfill, then live): the topics still equal the canonical
 * chain, with no gap and no duplicate id. ({@code ./soa chaos indexer} runs the same with 20 kills
 * and 20 reorgs.) With two replicas on one database, one leads (an advisory lock) and killing it
 * hands over to the other, with nothing lost.
 *
 * <p>The chaos level ({@code ./soa test --chaos}, which CI runs after {@code ./soa test}): it
 * starts stacks of its own and kills their processes, minutes the everyday suite does not spend.
 */
@EnabledIfSystemProperty(named = "soa.chaos", matches = "true")
class IndexerRestartIT {

  @Test
  void killsReorgsAndTheBackfillToLiveHandOverLoseNothing() throws Exception {
    IndexerChaos.Result r =
        IndexerChaos.run(
            4,
            4,
            60,
            20261126L,
            RepoRoot.find().resolve("e2e/target/indexer-chaos"),
            System.out::println);
    assertThat(r.kills()).isEqualTo(4);
    assertThat(r.reorgs()).isEqualTo(4);
    assertThat(r.report().exact()).as("audit %s", r.report()).isTrue();
    assertThat(r.lost()).isZero();
    assertThat(r.duplicatesAfterDedupe()).isZero();
    assertThat(r.diverged()).isZero();
    assertThat(r.events()).isGreaterThan(100);
  }

  @Test
  void killingTheLeaderOfTwoReplicasHandsOverWithinSecondsLosingNothing() throws Exception {
    IndexerChaos.Result r =
        IndexerChaos.run(
            4,
            2,
            40,
            20261201L,
            RepoRoot.find().resolve("e2e/target/indexer-failover"),
            System.out::println,
            2);
    assertThat(r.kills()).isEqualTo(4);
    assertThat(r.report().exact()).as("audit %s", r.report()).isTrue();
    assertThat(r.lost()).isZero();
    assertThat(r.duplicatesAfterDedupe()).isZero();
    assertThat(r.diverged()).isZero();
    assertThat(r.longestHandoverMs()).isLessThan(10_000);
  }
}
