package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * A model's payee paid out what it held: {@code paid} to whoever owned the model at that moment
 * ({@code owner}), {@code fee} to the treasury. From ModelPayees.PayeeReleased. Unsigned integers
 * are decimal strings, addresses and hashes lower-case hex.
 */
public record PayeeReleased(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String modelId,
    String payee,
    String owner,
    String paid,
    String fee)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.PayeeReleased.v1";
}
