package io.soa.payment.domain;

import java.math.BigInteger;

/**
 * The ledger's accounts. Opening (or extending) a channel moves its deposit from what its payer
 * holds in the escrow ({@code payer:<address>:escrowed}) to the channel ({@code channel:<id>}); a
 * charge moves value from the channel to what the model earned ({@code model:<id>:earned});
 * settlement later pays that, less the platform fee, to the model's owner of the day; closing
 * returns what was not claimed to the payer. A channel's balance is its deposit not yet charged.
 * Every entry's postings sum to zero.
 */
public final class Accounts {
  private Accounts() {}

  public static String channel(BigInteger channelId) {
    return "channel:" + channelId;
  }

  /** What a payer has locked in channels (negative), from the chain's channel events. */
  public static String payer(String address) {
    return "payer:" + address + ":escrowed";
  }

  public static String earned(BigInteger modelId) {
    return "model:" + modelId + ":earned";
  }

  /** What the escrow paid an address (a model's owner at the time of the claim), net of fees. */
  public static String paid(String address) {
    return "owner:" + address + ":paid";
  }

  /** Claimed in a transaction the chain has not confirmed yet (or skipped: then it goes back). */
  public static final String IN_TRANSIT = "settlement:in-transit";

  /** The platform's fees on claims. */
  public static final String FEES = "platform:fees";
}
