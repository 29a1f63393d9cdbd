package io.soa.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.soa.contracts.Vouchers;
import io.soa.contracts.generated.SOAToken;
import io.soa.contracts.generated.UsageEscrow;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import org.web3j.utils.Numeric;

/**
 * A payer's payment channels on the escrow: opened with a deposit (approved exactly, locked for one
 * model until expiry), read as payment-service sees them, closed after expiry and its claim window
 * (what was not claimed goes back to the payer). Transactions are paid in gas by the payer.
 */
public final class Channels {
  private final SoaClient.Urls urls;
  private final Chain chain;
  private final Wallet payer;
  private final Http http = new Http(Duration.ofSeconds(30), RequestListener.NONE);

  public Channels(SoaClient.Urls urls, Chain chain, Wallet payer) {
    this.urls = urls;
    this.chain = chain;
    this.payer = payer;
  }

  /**
   * Opens a channel of {@code deposit} base units to {@code model} for {@code lifetime}, its
   * vouchers signed by the payer's own key, and waits until payment-service knows it: its id.
   */
  public BigInteger open(BigInteger model, BigInteger deposit, Duration lifetime) {
    BigInteger id =
        chain.transact(
            web3j -> {
              var signer = chain.signer(web3j, payer);
              var gas = chain.gas(web3j);
              String escrowAt = chain.address("UsageEscrow");
              SOAToken.load(chain.address("SOAToken"), web3j, signer, gas)
                  .approve(escrowAt, deposit)
                  .send();
              UsageEscrow escrow = UsageEscrow.load(escrowAt, web3j, signer, gas);
              escrow.deposit(deposit).send();
              long expiresAt = Instant.now().plus(lifetime).getEpochSecond();
              return UsageEscrow.getChannelOpenedEvents(
                      escrow
                          .openChannel(
                              model, deposit, BigInteger.valueOf(expiresAt), payer.address())
                          .send())
                  .get(0)
                  .channelId;
            });
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) { // the indexer brings the opening to payment-service
      try {
        if ("open".equals(status(id).path("state").asText())) {
          return id;
        }
      } catch (SoaException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new SoaException(504, "channel-not-seen", "channel " + id + " is not open yet", null);
      }
      Http.pause();
    }
  }

  /** The channel as payment-service sees it: deposit, covered, charged, credit, state. */
  public JsonNode status(BigInteger id) {
    return http.json("GET", urls.payments() + "/v1/channels/" + id, null, null);
  }

  /**
   * Closes an expired channel whose claim window has passed: what was not claimed goes back to the
   * payer. What came back.
   */
  public BigInteger close(BigInteger id) {
    return chain.transact(
        web3j -> {
          UsageEscrow escrow =
              UsageEscrow.load(
                  chain.address("UsageEscrow"),
                  web3j,
                  chain.signer(web3j, payer),
                  chain.gas(web3j));
          var c = escrow.channel(id).send();
          long closable = c.expiresAt.longValue() + escrow.claimWindow().send().longValue();
          if (Instant.now().getEpochSecond() < closable) {
            throw new SoaException(
                409,
                "channel-not-closable-yet",
                "channel "
                    + id
                    + " may be closed from "
                    + Instant.ofEpochSecond(closable)
                    + " (its expiry and claim window); until then its payee may still claim",
                null);
          }
          return UsageEscrow.getChannelClosedEvents(escrow.closeExpired(id).send()).get(0).refund;
        });
  }

  /**
   * Pays calls from channel {@code id}, never more than {@code cap}: each call's voucher signs
   * exactly what it needs on top of what is charged and in flight, reusing credit first.
   */
  public Payer payer(BigInteger id, SpendingCap cap) {
    return new Payer(id, cap);
  }

  /** The vouchers of one channel's calls. */
  public final class Payer {
    private final BigInteger id;
    private final SpendingCap cap;
    private final Vouchers.Domain domain;
    private BigInteger inFlight = BigInteger.ZERO;

    private Payer(BigInteger id, SpendingCap cap) {
      this.id = id;
      this.cap = cap;
      this.domain = new Vouchers.Domain(chain.chainId(), chain.address("UsageEscrow"));
    }

    /**
     * The {@code SOA-Voucher} for one more call at {@code price}: cumulative {@code max(covered,
     * charged + in flight + price)}, so credit (signed ahead, or given back by a failed call) pays
     * first and nothing is signed beyond what the calls need.
     */
    synchronized String next(BigInteger price) {
      cap.reserve(price);
      JsonNode s;
      try {
        s = status(id);
      } catch (RuntimeException e) {
        cap.release(price);
        throw e;
      }
      BigInteger covered = new BigInteger(s.path("covered").asText("0"));
      BigInteger charged = new BigInteger(s.path("charged").asText("0"));
      BigInteger cumulative = covered.max(charged.add(inFlight).add(price));
      inFlight = inFlight.add(price);
      return id
          + ":"
          + cumulative
          + ":"
          + Numeric.toHexString(domain.sign(id, cumulative, payer.keys()));
    }

    /** The call at {@code price} is over; {@code paid}: its charge stands. */
    synchronized void done(BigInteger price, boolean paid) {
      inFlight = inFlight.subtract(price);
      if (!paid) {
        cap.release(price);
      }
    }
  }
}
