package io.soa.chaos;

import io.soa.devstack.Stack;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * x402 after a chaos run: every payment payment-service settled paid a call the gateway decided (an
 * AccessGranted naming its transfer), and every such decision names a settled payment. A payment
 * settled for a call never served is the payer's loss; a call served on a transfer that was not
 * settled is the seller's.
 */
final class X402Audit {
  private X402Audit() {}

  /** The mismatches between the settled x402 transfers and the transfers decisions name. */
  static long mismatches(Stack stack, Set<String> named, List<String> problems) throws Exception {
    Set<String> settled = new HashSet<>();
    try (Connection db = stack.postgres().connect("e2e_payment");
        ResultSet rs =
            db.createStatement()
                .executeQuery(
                    "SELECT tx_hash FROM settlement WHERE reason = 'x402' AND state = 'confirmed'")) {
      while (rs.next()) {
        settled.add(rs.getString(1));
      }
    }
    long wrong = 0;
    for (String tx : settled) {
      if (!named.contains(tx)) {
        wrong++;
        problems.add("x402 payment settled in " + tx + ", its call never served");
      }
    }
    for (String tx : named) {
      if (!settled.contains(tx)) {
        wrong++;
        problems.add("x402 call served on " + tx + ", not a payment settled here");
      }
    }
    return wrong;
  }

  /**
   * x402 channels: every call payment-service charged to a channel is a call the gateway decided
   * and served (an AccessGranted with the same request id and amount), and every such decision is
   * one charge; each channel's charged total is the sum of its charges.
   */
  static long channelMismatches(Stack stack, Map<String, String> served, List<String> problems)
      throws Exception {
    Map<String, String> charged = new HashMap<>();
    long wrong = 0;
    try (Connection db = stack.postgres().connect("e2e_payment")) {
      try (ResultSet rs =
          db.createStatement().executeQuery("SELECT request_id, amount FROM x402_channel_charge")) {
        while (rs.next()) {
          charged.put(rs.getString(1), rs.getBigDecimal(2).toBigIntegerExact().toString());
        }
      }
      try (ResultSet rs =
          db.createStatement()
              .executeQuery(
                  "SELECT c.channel_id FROM x402_channel c JOIN (SELECT channel_id,"
                      + " max(cumulative) AS last FROM x402_channel_charge GROUP BY channel_id) h"
                      + " USING (channel_id) WHERE c.charged <> h.last")) {
        while (rs.next()) {
          wrong++;
          problems.add(
              "x402 channel " + rs.getString(1) + ": charged is not where its last charge left it");
        }
      }
    }
    for (var c : charged.entrySet()) {
      if (!c.getValue().equals(served.get(c.getKey()))) {
        wrong++;
        problems.add("x402 channel charge " + c.getKey() + " is no served call of that amount");
      }
    }
    for (String id : served.keySet()) {
      if (!charged.containsKey(id)) {
        wrong++;
        problems.add("x402 channel call " + id + " served, never charged");
      }
    }
    return wrong;
  }
}
