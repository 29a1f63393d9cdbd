package io.soa.chaos;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a chaos run's audit found: the counts, and a line per problem (for the log). */
public record SuiteReport(
    int events,
    int lost,
    int duplicatesAfterDedupe,
    int diverged,
    int readModelMismatches,
    int calls,
    int accessMissing,
    long lostCharges,
    long phantomCharges,
    long overClaimedChannels,
    long doubleClaims,
    long overdrawnQuotas,
    long x402Mismatches,
    String reconcileDifferenceWei,
    List<String> problems) {
  public boolean clean() {
    return lost == 0
        && duplicatesAfterDedupe == 0
        && diverged == 0
        && readModelMismatches == 0
        && accessMissing == 0
        && lostCharges == 0
        && phantomCharges == 0
        && overClaimedChannels == 0
        && doubleClaims == 0
        && overdrawnQuotas == 0
        && x402Mismatches == 0
        && "0".equals(reconcileDifferenceWei);
  }

  Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("events", events);
    m.put("lost", lost);
    m.put("duplicatesAfterDedupe", duplicatesAfterDedupe);
    m.put("diverged", diverged);
    m.put("readModelMismatches", readModelMismatches);
    m.put("calls", calls);
    m.put("accessDecisionsMissing", accessMissing);
    m.put("lostCharges", lostCharges);
    m.put("phantomCharges", phantomCharges);
    m.put("overClaimedChannels", overClaimedChannels);
    m.put("doubleClaims", doubleClaims);
    m.put("overdrawnQuotas", overdrawnQuotas);
    m.put("x402Mismatches", x402Mismatches);
    m.put("reconcileDifferenceWei", reconcileDifferenceWei);
    m.put("clean", clean());
    return m;
  }
}
