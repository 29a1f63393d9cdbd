package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * A licence tier was created for a model. From LicenseToken.TierCreated. Unsigned integers are
 * decimal strings, addresses and hashes lower-case hex.
 */
public record TierCreated(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String tierId,
    String modelId,
    String price,
    String duration,
    String callQuota,
    String maxSupply,
    boolean transferable,
    String termsDigest,
    java.util.List<String> features)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.TierCreated.v1";
}
