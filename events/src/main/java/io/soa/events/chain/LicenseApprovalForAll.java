package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * ERC-721 operator approval over all licence tokens of an owner. From LicenseToken.ApprovalForAll.
 * Unsigned integers are decimal strings, addresses and hashes lower-case hex.
 */
public record LicenseApprovalForAll(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String owner,
    String operator,
    boolean approved)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.LicenseApprovalForAll.v1";
}
