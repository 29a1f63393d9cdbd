package io.soa.events.chain;

import io.soa.events.ChainEvent;

/**
 * What x402 batch-settlement channels' claims owed receiver (a model's payee) transferred to it, in
 * one transfer; sender submitted it. From X402BatchSettlement.Settled. Unsigned integers are
 * decimal strings, addresses and hashes lower-case hex.
 */
public record X402Settled(
    long chainId,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    boolean removed,
    String contract,
    String receiver,
    String token,
    String sender,
    String amount)
    implements ChainEvent {

  public static final String TYPE = "soa.chain.X402Settled.v1";
}
