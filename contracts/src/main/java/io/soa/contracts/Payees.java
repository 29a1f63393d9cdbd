package io.soa.contracts;

import java.math.BigInteger;
import java.util.Locale;
import org.web3j.crypto.ContractUtils;
import org.web3j.utils.Numeric;

/**
 * Each model's payee address, as {@code ModelPayees.payeeOf(modelId)} computes it, without asking
 * the chain: an EIP-1167 clone of ModelPayees' implementation (the contract its constructor
 * creates, so at CREATE nonce 1 of ModelPayees) at the CREATE2 address salted by the model id
 * (OpenZeppelin {@code Clones.predictDeterministicAddress}).
 */
public final class Payees {
  private static final String CLONE_HEAD = "3d602d80600a3d3981f3363d3d373d3d3d363d73";
  private static final String CLONE_TAIL = "5af43d82803e903d91602b57fd5bf3";

  private final String modelPayees;
  private final byte[] initCode;

  /** The payees of the ModelPayees contract at {@code modelPayees}. */
  public Payees(String modelPayees) {
    this.modelPayees = modelPayees.toLowerCase(Locale.ROOT);
    String implementation = ContractUtils.generateContractAddress(this.modelPayees, BigInteger.ONE);
    this.initCode =
        Numeric.hexStringToByteArray(
            CLONE_HEAD + Numeric.cleanHexPrefix(implementation) + CLONE_TAIL);
  }

  /** The payee of {@code modelId}, lower-case. */
  public String of(BigInteger modelId) {
    return ContractUtils.generateCreate2ContractAddress(
            modelPayees, Numeric.toBytesPadded(modelId, 32), initCode)
        .toLowerCase(Locale.ROOT);
  }
}
