package io.soa.chaos;

import io.soa.contracts.generated.LicenseToken;
import io.soa.contracts.generated.ModelRegistry;
import io.soa.contracts.generated.UsageEscrow;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import io.soa.devstack.Stack;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.web3j.protocol.Web3j;

/** The services' read models (their databases) against the contracts, for {@link SuiteAudit}. */
final class ReadModelAudit {
  private ReadModelAudit() {}

  /** Owners, licences and channels in the services' read models against the chain. */
  static int mismatches(Stack stack, Web3j web3j, List<String> problems) throws Exception {
    var d = stack.deployment();
    ModelRegistry registry =
        Chain.load(ModelRegistry.class, d.address("ModelRegistry"), web3j, DevAccounts.deployer());
    LicenseToken licences =
        Chain.load(LicenseToken.class, d.address("LicenseToken"), web3j, DevAccounts.deployer());
    UsageEscrow escrow =
        Chain.load(UsageEscrow.class, d.address("UsageEscrow"), web3j, DevAccounts.deployer());
    Map<String, String> owners = new HashMap<>();
    for (long m = 1; m <= registry.modelCount().send().longValueExact(); m++) {
      owners.put(Long.toString(m), lower(registry.ownerOf(BigInteger.valueOf(m)).send()));
    }
    Map<String, String> holders = new HashMap<>();
    for (long l = 1; l <= licences.licenseCount().send().longValueExact(); l++) {
      holders.put(Long.toString(l), lower(licences.ownerOf(BigInteger.valueOf(l)).send()));
    }
    Map<String, String> channels = new HashMap<>();
    for (long c = 1; c <= escrow.channelCount().send().longValueExact(); c++) {
      var ch = escrow.channel(BigInteger.valueOf(c)).send();
      channels.put(Long.toString(c), ch.deposit + "/" + ch.claimed + "/" + ch.closed);
    }
    int mismatches = 0;
    mismatches +=
        compare(
            "licensing owners",
            owners,
            query(stack, "e2e_licensing", "SELECT model_id, owner FROM model_owner"),
            problems);
    mismatches +=
        compare(
            "payment owners",
            owners,
            query(stack, "e2e_payment", "SELECT model_id, owner FROM model_owner"),
            problems);
    mismatches +=
        compare(
            "licence holders",
            holders,
            query(stack, "e2e_licensing", "SELECT license_id, holder FROM licence"),
            problems);
    mismatches +=
        compare(
            "channels",
            channels,
            query(
                stack,
                "e2e_payment",
                "SELECT channel_id, deposit || '/' || claimed || '/' || closed FROM channel WHERE known"),
            problems);
    return mismatches;
  }

  private static int compare(
      String what, Map<String, String> chain, Map<String, String> mirror, List<String> problems) {
    int n = 0;
    Set<String> keys = new HashSet<>(chain.keySet());
    keys.addAll(mirror.keySet());
    for (String k : keys) {
      if (!String.valueOf(chain.get(k)).equals(String.valueOf(mirror.get(k)))) {
        n++;
        problems.add(what + " " + k + ": chain " + chain.get(k) + ", mirror " + mirror.get(k));
      }
    }
    return n;
  }

  private static Map<String, String> query(Stack stack, String db, String sql) throws Exception {
    Map<String, String> out = new HashMap<>();
    try (Connection c = stack.postgres().connect(db);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        out.put(rs.getBigDecimal(1).toBigInteger().toString(), lower(rs.getString(2)));
      }
    }
    return out;
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }
}
