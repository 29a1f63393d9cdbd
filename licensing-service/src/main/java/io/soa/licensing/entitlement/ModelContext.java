package io.soa.licensing.entitlement;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * What the gateway and the offers know of a model token: the catalog model it is (if the catalog
 * accepted its tokenization), its features and endpoint, its owner, and per-feature prices (bytes32
 * key to price per call).
 */
public record ModelContext(
    BigInteger modelId,
    String catalogId,
    List<String> features,
    String endpointUrl,
    boolean listed,
    String owner,
    Map<String, BigInteger> prices) {

  public boolean known() {
    return catalogId != null || owner != null;
  }
}
