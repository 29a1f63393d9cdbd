package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * A listing was cancelled by its seller. From Marketplace.ListingCancelled. Unsigned integers are
 * decimal strings, addresses and hashes lower-case hex.
 */
public record ListingCancelled(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String listingId,
    String collection,
    String tokenId)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.ListingCancelled.v1";
}
