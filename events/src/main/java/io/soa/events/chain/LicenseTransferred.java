package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * A licence token moved (the mint has from = 0x0). From LicenseToken.Transfer. Unsigned integers
 * are decimal strings, addresses and hashes lower-case hex.
 */
public record LicenseTransferred(
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

  public static final String TYPE = "soa.chain.LicenseTransferred.v1";
}
