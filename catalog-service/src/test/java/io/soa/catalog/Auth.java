package io.soa.catalog;

import io.soa.devstack.auth.DevTokens;
import org.eclipse.microprofile.config.ConfigProvider;

/** Bearer tokens for tests, signed with the key the test resource made for this service. */
public final class Auth {
  private Auth() {}

  public static DevTokens signer() {
    return DevTokens.fromPrivatePem(
        ConfigProvider.getConfig().getValue("soa.test.jwt-private-key", String.class));
  }

  /** A valid token whose subject is {@code address}. */
  public static String token(String address) {
    return signer().token(address.toLowerCase());
  }
}
