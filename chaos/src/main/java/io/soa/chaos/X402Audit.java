package io.soa.chaos;

import io.soa.devstack.Stack;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
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
}
