package io.soa.devstack;

import io.soa.devchain.deploy.Deployment;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What each service of a local {@link Stack} is told: its ports, its database, Kafka, the chain and
 * the contracts' addresses, the stack's signing key, and the settings only it reads.
 */
final class ServiceEnv {
  private ServiceEnv() {}

  /** The analytics example's Kafka Streams directory (task locks only). */
  static Path streamsDir(StackOptions o) {
    return o.stateDir().resolve("analytics-streams");
  }

  /**
   * The environment of {@code s} on {@code port}: {@code database} its datasource settings (empty
   * for one without a database), {@code rpc} the chain's RPC URL as the services reach it.
   */
  static Map<String, String> of(
      ServiceSpec s,
      int port,
      StackOptions o,
      Map<String, String> database,
      String kafka,
      Deployment d,
      String rpc) {
    Map<String, String> env = new HashMap<>(database);
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    // where a service has a management interface (the indexer: metrics, operator commands)
    env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(Stack.managementPort(port)));
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
    env.put("SOA_CATALOG_ENDPOINTS_ALLOW_LOCAL", "true"); // a local stack: http and loopback models
    env.put("SOA_CHAIN_RPC_URL", rpc);
    env.put("SOA_CHAIN_CHAIN_ID", Long.toString(d.chainId()));
    env.put("SOA_CHAIN_START_BLOCK", Long.toString(d.startBlock()));
    if (s.name().equals("licensing-service")) { // signs the platform's tokens at sign-in
      env.put(
          "SMALLRYE_JWT_SIGN_KEY_LOCATION",
          o.stateDir().resolve("keys/jwt-private.pem").toAbsolutePath().toString());
      env.put("SOA_SIWE_DOMAIN", "localhost:" + port);
      env.put("SOA_SIWE_URI", "http://localhost:" + port);
      // the gateway: vouchers are charged at this stack's payment-service; models run locally
      env.put(
          "SOA_GATEWAY_PAYMENT_URL", "http://127.0.0.1:" + o.servicePorts().get("payment-service"));
      env.put("SOA_GATEWAY_ALLOW_LOCAL", "true");
      env.put(
          "SOA_GATEWAY_SIGNING_KEY_LOCATION",
          io.soa.devstack.auth.DevTokens.gatewaySigningKey(o.stateDir().resolve("keys"))
              .toAbsolutePath()
              .toString());
    }
    if (s.name().equals("example-model")
        && o.servicePorts().containsKey("licensing-service")) { // only the gateway's signed calls
      env.put(
          "SOA_MODEL_GATEWAY_JWKS_URL",
          "http://127.0.0.1:"
              + o.servicePorts().get("licensing-service")
              + "/.well-known/jwks.json");
    }
    if (s.name().equals(ServiceSpec.ANALYTICS)) { // its task locks; its state is in Kafka
      env.put("KAFKA_STREAMS_STATE_DIR", streamsDir(o).toAbsolutePath().toString());
    }
    if (s.name().equals("payment-service")) { // anvil's well-known dev account 5 settles
      env.put(
          "SOA_PAYMENT_SETTLEMENT_KEY",
          io.soa.devchain.DevAccounts.settlement().getEcKeyPair().getPrivateKey().toString(16));
    }
    d.contracts().forEach((name, addr) -> env.put(Deployment.envVar(name), addr));
    env.put(
        "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
        o.stateDir().resolve("keys/jwt-public.pem").toAbsolutePath().toString());
    env.put("MP_JWT_VERIFY_ISSUER", io.soa.devstack.auth.DevTokens.ISSUER);
    env.putAll(o.extraEnv());
    return env;
  }
}
