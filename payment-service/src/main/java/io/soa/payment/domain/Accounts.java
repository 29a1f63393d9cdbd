package io.soa.payment.domain;

import java.math.BigInteger;

/**
 * The ledger's accounts. A charge moves value from the channel's escrowed deposit to what the model
 * earned ({@code model:<id>:earned}); settlement later pays that, less the platform fee, to the
 * model's owner of the day. Every entry's postings sum to zero.
 */
public final class Accounts {
  private Accounts() {}

  public static String channel(BigInteger channelId) {
    return "channel:" + channelId;
  }

  public static String earned(BigInteger modelId) {
    return "model:" + modelId + ":earned";
  }

  /** What the escrow paid an address (a model's owner at the time of the claim), net of fees. */
  public static String paid(String address) {
    return "owner:" + address + ":paid";
  }

  /** The platform's fees on claims. */
  public static final String FEES = "platform:fees";
}
