package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * A $SOA transfer to or from the escrow or the marketplace. From SOAToken.Transfer. Unsigned
 * integers are decimal strings, addresses and hashes lower-case hex.
 */
public record SoaTransferred(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String from,
    String to,
    String value)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.SoaTransferred.v1";
}
