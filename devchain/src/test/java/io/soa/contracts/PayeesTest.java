package io.soa.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.soa.contracts.generated.ModelPayees;
import io.soa.devchain.Chain;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** A model's payee computed off-chain (what the gateway offers as payTo) is the contract's own. */
class PayeesTest extends ChainTestBase {
  @Test
  void theComputedPayeeIsModelPayeesPayeeOfForAnyModelId() throws Exception {
    String at = addr("ModelPayees");
    ModelPayees onChain = Chain.load(ModelPayees.class, at, web3j, ADMIN);
    Payees payees = new Payees(at);
    for (BigInteger id :
        new BigInteger[] {
          BigInteger.ZERO,
          BigInteger.ONE,
          BigInteger.valueOf(7),
          BigInteger.TWO.pow(255),
          BigInteger.TWO.pow(256).subtract(BigInteger.ONE)
        }) {
      assertThat(payees.of(id)).as("model " + id).isEqualToIgnoringCase(onChain.payeeOf(id).send());
    }
  }
}
