package io.soa.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.soa.chaos.SuiteChaos;
import io.soa.devchain.RepoRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@code ./soa chaos suite} in short: the demo's story as load on the packaged suite while one
 * fault of every kind strikes (kill -9 of each service, a Kafka crash, dropped database
 * connections, a reorg, a stalled RPC node); then nothing is lost, duplicated, overdrawn or
 * over-claimed, every read model equals the chain, every answered decision is an event and the
 * reconciliation differs by 0 wei. The command runs the same with three of each.
 *
 * <p>Opt-in ({@code ./soa test --chaos -Dsoa.chaos.suite=true}): its audit found two false
 * positives of its own in fresh-clone runs (a late release's credit, a replayed licence call's
 * second event), each fixed, and it stays out of CI's chaos level until it has passed three
 * fresh-clone runs in a row.
 */
@EnabledIfSystemProperty(named = "soa.chaos.suite", matches = "true")
class SuiteChaosIT {

  @Test
  void oneFaultOfEveryKindBreaksNoPromise() throws Exception {
    SuiteChaos.Result r =
        SuiteChaos.run(
            SuiteChaos.Fault.values().length,
            20261202L,
            RepoRoot.find().resolve("e2e/target/suite-chaos"),
            System.out::println);
    System.out.println(r.asMap());
    assertThat(r.faults()).hasSize(SuiteChaos.Fault.values().length);
    assertThat(r.audit().calls()).as("calls made under the faults").isGreaterThan(100);
    assertThat(r.audit().events()).as("chain events").isGreaterThan(20);
    assertThat(r.audit().problems()).as("%s", r.asMap()).isEmpty();
    assertThat(r.audit().clean()).as("%s", r.asMap()).isTrue();
  }
}
