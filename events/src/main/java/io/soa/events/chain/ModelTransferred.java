package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * A model token moved (the mint has from = 0x0); payouts follow the new owner. From
 * ModelRegistry.Transfer. Unsigned integers are decimal strings, addresses and hashes lower-case
 * hex.
 */
public record ModelTransferred(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String from,
    String to,
    String tokenId)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.ModelTransferred.v1";
}
