package io.soa.devstack.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.soa.contracts.DevAccounts;
import io.soa.contracts.deploy.Deployer;
import io.soa.contracts.deploy.Deployment;
import io.soa.contracts.node.AnvilNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Real parts for a {@code @QuarkusTest}: an empty database named by the {@code database} init
 * argument, the shared Kafka broker, and with {@code chain=true} a fresh anvil node with the
 * contract set deployed (its addresses in the {@code soa.chain.*} config). Init arguments
 * {@code config.<key>} are passed through as configuration.
 */
public class SoaTestResource implements QuarkusTestResourceLifecycleManager {
  private Map<String, String> args = Map.of();
  private AnvilNode anvil;

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
    if (Boolean.parseBoolean(args.getOrDefault("chain", "false"))) {
      anvil = AnvilNode.startOnFreePort();
      Deployment d = Deployer.deploy(anvil.rpcUrl(), DevAccounts.deployer());
      config.put("soa.chain.rpc-url", anvil.rpcUrl());
      config.put("soa.chain.chain-id", Long.toString(d.chainId()));
      config.put("soa.chain.start-block", Long.toString(d.startBlock()));
      d.contracts().forEach((name, address) ->
          config.put("soa.chain.contracts." + Deployment.configKey(name), address));
    }
    // init args "config.<key>" pass straight through as configuration
    args.forEach((k, v) -> {
      if (k.startsWith("config.")) {
        config.put(k.substring("config.".length()), v);
      }
    });
    return config;
  }

  @Override
  public void stop() {
    if (anvil != null) {
      anvil.close();
    }
  }
}
