package io.soa.indexer.follower;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import io.soa.devstack.auth.DevTokens;
import org.eclipse.microprofile.config.ConfigProvider;

/** The indexer's management interface in tests: metrics, and operator commands with a token. */
final class Management {
  private Management() {}

  static String url() {
    return ConfigProvider.getConfig()
        .getValue("test.management.url", String.class)
        .replaceAll("/q/?$", "");
  }

  static DevTokens signer() {
    return DevTokens.fromPrivatePem(
        ConfigProvider.getConfig().getValue("soa.test.jwt-private-key", String.class));
  }

  /** A request with an operator's bearer token; give it {@code url() + path}. */
  static RequestSpecification asOperator() {
    return given().auth().oauth2(signer().operatorToken("0x" + "0e".repeat(20)));
  }

  static String metrics() {
    return given().get(url() + "/q/metrics").then().statusCode(200).extract().asString();
  }
}
