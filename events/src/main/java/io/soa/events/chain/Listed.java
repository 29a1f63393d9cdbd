package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * A token was listed for sale at a fixed price. From Marketplace.Listed. Unsigned integers are
 * decimal strings, addresses and hashes lower-case hex.
 */
public record Listed(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String listingId,
    String collection,
    String tokenId,
    String seller,
    String price)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.Listed.v1";
}
