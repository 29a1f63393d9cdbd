package io.soa.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.DevChain;
import io.soa.devchain.deploy.Deployer;
import io.soa.devchain.deploy.Deployment;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.http.HttpService;

/**
 * Real parts for a {@code @QuarkusTest}: an empty database named by the {@code database} init
 * argument, the shared Kafka broker, and with {@code chain=true} a fresh anvil node with the
 * contract set deployed (its addresses in the {@code soa.chain.*} config); all from {@link
 * TestInfra} (local processes, or Testcontainers where Docker answers). With {@code
 * databaseProxy=true} the service reaches its database through a {@link TcpProxy} a test can cut
 * (its control URL in {@code soa.test.db-proxy}). Init arguments {@code config.<key>} are passed
 * through as configuration.
 */
public class SoaTestResource implements QuarkusTestResourceLifecycleManager {
  private Map<String, String> args = Map.of();
  private TestInfra.Anvil anvil;
  private java.util.List<FaultProxy> proxies = java.util.List.of();
  private TcpProxy databaseProxy;

  @Override
  public void init(Map<String, String> initArgs) {
    this.args = initArgs;
  }

  @Override
  public Map<String, String> start() {
    String db = args.getOrDefault("database", "soa_test");
    TestInfra.postgres().recreateDatabase(db);
    Map<String, String> config = new HashMap<>(TestInfra.postgres().quarkusConfig(db));
    config.put("kafka.bootstrap.servers", TestInfra.kafkaBootstrap());
    if (Boolean.parseBoolean(args.getOrDefault("databaseProxy", "false"))) {
      var pg = TestInfra.postgres();
      try {
        databaseProxy = new TcpProxy(pg.host(), pg.port());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      String at = "127.0.0.1:" + databaseProxy.port() + "/" + db;
      config.put("quarkus.datasource.reactive.url", "postgresql://" + at);
      config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + at);
      config.put("soa.test.db-proxy", databaseProxy.controlUrl());
    }
    if (Boolean.parseBoolean(args.getOrDefault("siweOnTestPort", "false"))) {
      // the application on a port known before it starts, and its sign-in domain naming it, so a
      // browser-like client (x402's sign-in-with-x) that checks the challenge's origin accepts it
      int port = io.soa.devchain.Processes.freePort();
      config.put("quarkus.http.test-port", Integer.toString(port));
      config.put("soa.siwe.domain", "localhost:" + port);
      config.put("soa.siwe.uri", "http://localhost:" + port);
    }
    if (Boolean.parseBoolean(args.getOrDefault("chain", "false"))) {
      anvil = TestInfra.anvil();
      // A fresh admin per test class gives the contracts addresses of their own, so tests
      // sharing one broker never mistake another class's events for theirs.
      Credentials admin = freshAdmin(anvil.rpcUrl());
      Deployment d =
          Deployer.deploy(
              anvil.rpcUrl(), admin, DevAccounts.treasury().getAddress(), Deployer.DEFAULT_FEE_BPS);
      config.put("soa.test.admin-key", admin.getEcKeyPair().getPrivateKey().toString(16));
      config.put("soa.chain.rpc-url", anvil.rpcUrl());
      // the payment-service's settlement signer: anvil's well-known dev account 5
      config.put(
          "soa.payment.settlement-key",
          DevAccounts.settlement().getEcKeyPair().getPrivateKey().toString(16));
      config.put("soa.chain.chain-id", Long.toString(d.chainId()));
      config.put("soa.chain.start-block", Long.toString(d.startBlock()));
      if (Boolean.parseBoolean(args.getOrDefault("faultProxies", "false"))) {
        // two faulty nodes in front of the same chain: the indexer fails over between them
        try {
          proxies =
              java.util.List.of(new FaultProxy(anvil.rpcUrl()), new FaultProxy(anvil.rpcUrl()));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        config.put("soa.chain.rpc-urls", proxies.get(0).url() + "," + proxies.get(1).url());
        config.put("soa.test.proxies", proxies.get(0).url() + "," + proxies.get(1).url());
      }
      d.contracts()
          .forEach(
              (name, address) ->
                  config.put("soa.chain.contracts." + Deployment.configKey(name), address));
    }
    // A signing key of its own: services verify bearer tokens against the public half; tests
    // sign with the private half (DevTokens.fromPrivatePem of soa.test.jwt-private-key).
    var tokens = io.soa.devstack.auth.DevTokens.generate();
    config.put("mp.jwt.verify.publickey", tokens.publicKeyPem());
    config.put("mp.jwt.verify.issuer", io.soa.devstack.auth.DevTokens.ISSUER);
    config.put("soa.test.jwt-private-key", tokens.privateKeyPem());
    config.put("smallrye.jwt.sign.key", tokens.privateKeyPem()); // a service that signs (sign-in)
    // init args "config.<key>" pass straight through as configuration
    args.forEach(
        (k, v) -> {
          if (k.startsWith("config.")) {
            config.put(k.substring("config.".length()), v);
          }
        });
    return config;
  }

  private static Credentials freshAdmin(String rpcUrl) {
    try {
      Credentials admin = Credentials.create(Keys.createEcKeyPair());
      new DevChain(new HttpService(rpcUrl)).setBalance(admin.getAddress(), BigInteger.TEN.pow(24));
      return admin;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void stop() {
    proxies.forEach(FaultProxy::close);
    if (databaseProxy != null) {
      databaseProxy.close();
    }
    if (anvil != null) {
      anvil.close();
    }
  }
}
