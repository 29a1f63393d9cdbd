package io.soa.payment.domain;

import java.math.BigInteger;

/**
 * A payment channel: what the chain says (payer, signer, model, deposit, expiry, claimed, closed)
 * and what charges made of it ({@code charged}, and {@code covered}: the largest valid voucher
 * seen), and {@code inFlight}: the voucher amount a claim transaction is carrying, unconfirmed.
 * Invariant: charged ≤ covered ≤ deposit.
 */
public record Channel(
    BigInteger channelId,
    boolean known,
    String payer,
    String signer,
    BigInteger modelId,
    BigInteger deposit,
    long expiresAt,
    BigInteger claimed,
    boolean closed,
    BigInteger charged,
    BigInteger covered,
    BigInteger inFlight) {}
