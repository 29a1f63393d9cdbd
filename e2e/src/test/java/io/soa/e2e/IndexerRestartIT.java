package io.soa.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.soa.devchain.RepoRoot;
import io.soa.testing.IndexerChaos;
import org.junit.jupiter.api.Test;

/**
 * The packaged indexer is killed with SIGKILL mid-stream and restarted, the chain reorganizes under
 * it, and it starts with a backlog (backfill, then live): the topics still equal the canonical
 * chain, with no gap and no duplicate id. ({@code ./soa chaos indexer} runs the same with 20 kills
 * and 20 reorgs.)
 */
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
}
