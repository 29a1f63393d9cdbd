package io.soa.indexer.rpc;

import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * {@code LicenseToken.modelOf(licenseId)} by {@code eth_call}, for a licence transfer whose
 * purchase the follower did not see (before the start block or before a restart). Encoded with
 * web3j's ABI codec through the follower's own RPC client, so it fails over like every other read.
 */
public final class LicenseLookup {
  private final RpcClient rpc;
  private final String licenseToken;

  public LicenseLookup(RpcClient rpc, String licenseToken) {
    this.rpc = rpc;
    this.licenseToken = licenseToken;
  }

  /** The model id (decimal) of licence {@code licenseId} (decimal). */
  public String modelOf(String licenseId) {
    var fn =
        new Function(
            "modelOf",
            List.of(new Uint256(new BigInteger(licenseId))),
            List.of(new TypeReference<Uint256>() {}));
    var out =
        FunctionReturnDecoder.decode(
            rpc.call(licenseToken, FunctionEncoder.encode(fn)), fn.getOutputParameters());
    return out.get(0).getValue().toString();
  }
}
