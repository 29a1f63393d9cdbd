package io.soa.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.soa.chaos.PaymentsChaos;
import io.soa.devchain.RepoRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Two payment-service replicas on one database, one of them SIGKILLed during charges and during
 * settlement, on the packaged suite, callers retrying at the other: every charge answered 201 is in
 * the ledger and no other, the chain never pays beyond what was charged or twice, and the
 * reconciliation differs by 0 wei. {@code ./soa chaos payments} is the same with more kills.
 *
 * <p>The chaos level ({@code ./soa test --chaos}, which CI runs after {@code ./soa test}): it
 * starts stacks of its own and kills their processes, minutes the everyday suite does not spend.
 */
@EnabledIfSystemProperty(named = "soa.chaos", matches = "true")
class PaymentsRestartIT {

  @Test
  void crashesDuringChargesAndSettlementLoseAndDuplicateNothing() throws Exception {
    PaymentsChaos.Result r =
        PaymentsChaos.run(
            4,
            8,
            4,
            20261201L,
            RepoRoot.find().resolve("e2e/target/payments-chaos"),
            null, // a broker of its own (see Suite)
            System.out::println);
    System.out.println(r);
    assertThat(r.kills()).isEqualTo(4);
    assertThat(r.acknowledgedCharges()).isGreaterThan(20);
    assertThat(r.claimTransactions()).isGreaterThan(0);
    assertThat(r.lostCharges()).as("%s", r).isZero();
    assertThat(r.phantomCharges()).as("%s", r).isZero();
    assertThat(r.overClaimedChannels()).as("%s", r).isZero();
    assertThat(r.unsettledChannels()).as("%s", r).isZero();
    assertThat(r.doubleClaims()).as("%s", r).isZero();
    assertThat(r.reconcileDifferenceWei()).as("%s", r).isEqualTo("0");
  }
}
