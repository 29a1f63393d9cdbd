package io.soa.contracts;

import io.soa.contracts.generated.SOAToken;
import io.soa.devchain.Chain;
import java.math.BigInteger;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.protocol.Web3j;

/** ERC-2612 permits of $SOA signed with web3j's EIP-712 encoder. */
final class Permits {
  private Permits() {}

  record Sig(int v, byte[] r, byte[] s) {}

  static Sig sign(
      Web3j web3j,
      SOAToken token,
      Credentials owner,
      String spender,
      BigInteger value,
      BigInteger deadline) {
    try {
      BigInteger nonce = token.nonces(owner.getAddress()).send();
      long chainId = Chain.chainId(web3j);
      String json =
          """
          {"types": {
             "EIP712Domain": [{"name": "name", "type": "string"}, {"name": "version", "type": "string"},
                              {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"}],
             "Permit": [{"name": "owner", "type": "address"}, {"name": "spender", "type": "address"},
                        {"name": "value", "type": "uint256"}, {"name": "nonce", "type": "uint256"},
                        {"name": "deadline", "type": "uint256"}]},
           "primaryType": "Permit",
           "domain": {"name": "SOA", "version": "1", "chainId": %d, "verifyingContract": "%s"},
           "message": {"owner": "%s", "spender": "%s", "value": "%s", "nonce": "%s", "deadline": "%s"}}"""
              .formatted(
                  chainId,
                  token.getContractAddress(),
                  owner.getAddress(),
                  spender,
                  value,
                  nonce,
                  deadline);
      byte[] digest = new StructuredDataEncoder(json).hashStructuredData();
      Sign.SignatureData sig = Sign.signMessage(digest, owner.getEcKeyPair(), false);
      return new Sig(sig.getV()[0] & 0xff, sig.getR(), sig.getS());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
