package io.soa.analytics.stream;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the topics say about one channel, kept as the facts themselves (the escrow's live logs
 * in chain order, the charges in the order accepted) so that a redelivery changes nothing and a
 * reorg's retraction takes exactly its log back out; {@link #status()} derives the rest.
 */
public final class ChannelBook {
  /** A charge as accepted, and whether it was released again. */
  public record Charge(String amount, long acceptedAt, boolean released) {}

  /** What the book says now; amounts in $SOA base units, times in epoch milliseconds. */
  public record Status(
      String modelId,
      BigInteger deposit,
      Long expiresAtMillis,
      BigInteger charged,
      BigInteger claimed,
      boolean closed,
      BigInteger unsettled,
      Long oldestUnsettledAt,
      Long lastLagMillis,
      Long maxLagMillis,
      Long lastSettledAt,
      long settledCharges) {}

  public String modelId;
  public TreeMap<String, ChannelFact> chain = new TreeMap<>();
  public LinkedHashMap<String, Charge> charges = new LinkedHashMap<>();

  ChannelBook apply(ChannelFact f) {
    if (f.modelId() != null) {
      modelId = f.modelId();
    }
    switch (f.kind()) {
      case "charge" -> charges.putIfAbsent(f.ref(), new Charge(f.amount(), f.time(), false));
      case "release" ->
          charges.computeIfPresent(
              f.ref(), (id, c) -> new Charge(c.amount(), c.acceptedAt(), true));
      default -> {
        if (f.removed()) {
          chain.remove(f.ref());
        } else {
          chain.put(f.ref(), f);
        }
      }
    }
    return this;
  }

  public Status status() {
    BigInteger deposit = BigInteger.ZERO;
    Long expiresAt = null;
    BigInteger claimed = BigInteger.ZERO;
    boolean closed = false;
    List<ChannelFact> claims = new ArrayList<>();
    for (ChannelFact f : chain.values()) {
      switch (f.kind()) {
        case "opened", "extended" -> {
          deposit = new BigInteger(f.deposit());
          expiresAt = f.expiresAt() * 1000;
        }
        case "claimed" -> {
          claims.add(f);
          claimed = claimed.max(new BigInteger(f.amount()));
        }
        case "closed" -> closed = true;
        default -> {}
      }
    }
    BigInteger charged = BigInteger.ZERO;
    Long oldestUnsettled = null;
    Long lastLag = null;
    Long maxLag = null;
    Long lastSettledAt = null;
    long settled = 0;
    for (Map.Entry<String, Charge> e : charges.entrySet()) {
      Charge c = e.getValue();
      if (c.released()) {
        continue;
      }
      charged = charged.add(new BigInteger(c.amount()));
      ChannelFact by = null;
      for (ChannelFact claim : claims) { // the first claim that covers this charge settled it
        if (new BigInteger(claim.amount()).compareTo(charged) >= 0) {
          by = claim;
          break;
        }
      }
      if (by == null) {
        if (oldestUnsettled == null) {
          oldestUnsettled = c.acceptedAt();
        }
      } else {
        long lag = Math.max(0, by.time() - c.acceptedAt());
        lastLag = lag;
        maxLag = maxLag == null ? lag : Math.max(maxLag, lag);
        lastSettledAt = lastSettledAt == null ? by.time() : Math.max(lastSettledAt, by.time());
        settled++;
      }
    }
    BigInteger unsettled =
        closed ? BigInteger.ZERO : charged.subtract(claimed).max(BigInteger.ZERO);
    return new Status(
        modelId,
        deposit,
        expiresAt,
        charged,
        claimed,
        closed,
        unsettled,
        closed ? null : oldestUnsettled,
        lastLag,
        maxLag,
        lastSettledAt,
        settled);
  }
}
