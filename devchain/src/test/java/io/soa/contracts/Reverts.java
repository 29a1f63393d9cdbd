package io.soa.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;

/**
 * Asserts a call reverts with a given custom error. Simulates it with {@code eth_call} from the
 * caller, which returns the raw revert data (web3j's receipt message mangles custom errors).
 */
final class Reverts {
  private Reverts() {}

  static void assertReverts(
      Web3j web3j,
      Credentials from,
      String contract,
      RemoteFunctionCall<?> call,
      String errorSignature)
      throws Exception {
    EthCall result =
        web3j
            .ethCall(
                Transaction.createEthCallTransaction(
                    from.getAddress(), contract, call.encodeFunctionCall()),
                DefaultBlockParameterName.LATEST)
            .send();
    assertThat(result.isReverted() || result.hasError()).as("call reverts").isTrue();
    String data =
        result.getError() != null && result.getError().getData() != null
            ? result.getError().getData().replace("\"", "")
            : result.getRevertReason();
    assertThat(data).as("revert data of " + errorSignature).startsWith(selector(errorSignature));
  }

  /** The 4-byte selector of a custom error, as 0x-prefixed hex. */
  static String selector(String errorSignature) {
    return "0x" + Hash.sha3String(errorSignature).substring(2, 10);
  }
}
