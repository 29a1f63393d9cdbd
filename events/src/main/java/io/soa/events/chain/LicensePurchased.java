package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * A licence was bought: the payee (model owner) got paid - fee, the treasury fee. From
 * LicenseToken.LicensePurchased. Unsigned integers are decimal strings, addresses and hashes
 * lower-case hex.
 */
public record LicensePurchased(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String licenseId,
    String tierId,
    String modelId,
    String buyer,
    String recipient,
    String payee,
    String paid,
    String fee,
    String expiresAt,
    String callQuota)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.LicensePurchased.v1";
}
