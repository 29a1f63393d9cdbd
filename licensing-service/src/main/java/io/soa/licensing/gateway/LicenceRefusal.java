package io.soa.licensing.gateway;

import io.soa.licensing.entitlement.Licence;
import io.soa.platform.types.Bytes32;
import java.util.List;

/** Why no licence of the caller lets a call of a feature through: a problem slug and a sentence. */
record LicenceRefusal(String code, String detail) {

  /**
   * From all the caller's licences of the model and those covering the feature; with licences that
   * cover it but none listed, expired or used up (another caller took the last call), the quota.
   */
  static LicenceRefusal of(String feature, List<Licence> all, List<Licence> covering, long now) {
    if (all.isEmpty()) {
      return new LicenceRefusal(
          "no-entitlement", "no licence of this model and no voucher (SOA-Voucher): see howToPay");
    }
    if (!covering.isEmpty()
        && covering.stream().allMatch(l -> l.listed() && !l.expired(now) && !l.exhausted())) {
      return new LicenceRefusal(
          "licence-listed",
          "your licences covering "
              + feature
              + " are listed for sale: their calls are frozen for the buyer until the listing is"
              + " cancelled");
    }
    if (!covering.isEmpty() && covering.stream().allMatch(l -> l.expired(now))) {
      return new LicenceRefusal(
          "licence-expired", "your licences covering " + feature + " have expired");
    }
    if (covering.isEmpty() && all.stream().noneMatch(l -> l.covers(Bytes32.featureKey(feature)))) {
      return new LicenceRefusal(
          "feature-not-covered", "your licences of this model do not cover " + feature);
    }
    return new LicenceRefusal(
        "quota-exhausted", "your licences covering " + feature + " have no calls left");
  }
}
