package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * A listing was bought: royalty to the model owner, fee to the treasury, the rest to the seller.
 * From Marketplace.Sold. Unsigned integers are decimal strings, addresses and hashes lower-case
 * hex.
 */
public record Sold(
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
    String buyer,
    String price,
    String royaltyReceiver,
    String royalty,
    String fee)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.Sold.v1";
}
