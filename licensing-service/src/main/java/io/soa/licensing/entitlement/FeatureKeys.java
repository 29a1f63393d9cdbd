package io.soa.licensing.entitlement;

import java.util.regex.Pattern;

/** What a feature in a gateway path may be: a catalog feature id (the catalog's own rule). */
public final class FeatureKeys {
  public static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,63}$");

  private FeatureKeys() {}
}
