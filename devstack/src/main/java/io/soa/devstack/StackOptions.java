package io.soa.devstack;

import io.soa.devchain.Processes;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Where a {@link Stack} puts things.
 *
 * @param servicePorts HTTP port per service name
 * @param kafkaBootstrap an existing broker to use, or null to start one on kafkaPort
 * @param databasePrefix prefix of the service databases (so tests do not touch ./soa up's)
 * @param extraEnv environment added to every service's (a bench's or a test's settings)
 * @param servicesRpc the RPC URL the services get, from anvil's (a fault proxy's in front of it,
 *     for a chaos run)
 */
public record StackOptions(
    Path root,
    Path stateDir,
    Path logDir,
    Map<String, Integer> servicePorts,
    int anvilPort,
    String kafkaBootstrap,
    int kafkaPort,
    int kafkaControllerPort,
    String databasePrefix,
    Map<String, String> extraEnv,
    UnaryOperator<String> servicesRpc) {

  /** ./soa up: the documented fixed ports. */
  public static StackOptions fixed(Path root) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ServiceSpec.ALL.forEach(s -> ports.put(s.name(), s.port()));
    Path state = root.resolve(".soa");
    return new StackOptions(
        root,
        state,
        state.resolve("logs"),
        ports,
        8545,
        null,
        9092,
        9093,
        "soa_",
        Map.of(),
        UnaryOperator.identity());
  }

  /** Free ports everywhere, state under {@code stateDir}; reuses {@code kafka} if given. */
  public static StackOptions freePorts(Path root, Path stateDir, String kafka) {
    java.util.Set<Integer> taken = new java.util.HashSet<>();
    int anvil = Processes.freePort();
    int broker = Processes.freePort();
    int controller = Processes.freePort();
    taken.addAll(java.util.List.of(anvil, broker, controller));
    // each service's port and its management port (1000 above) free, and nobody else's
    Map<String, Integer> ports = new LinkedHashMap<>();
    ServiceSpec.ALL.forEach(s -> ports.put(s.name(), servicePort(taken)));
    return new StackOptions(
        root,
        stateDir,
        stateDir.resolve("logs"),
        ports,
        anvil,
        kafka,
        broker,
        controller,
        "e2e_",
        Map.of(),
        UnaryOperator.identity());
  }

  /** A free port whose management port is free too, neither among {@code taken}; both taken. */
  static int servicePort(java.util.Set<Integer> taken) {
    for (int i = 0; i < 200; i++) {
      int p = Processes.freePort();
      int m = Stack.managementPort(p);
      if (taken.contains(p) || taken.contains(m) || m > 65535 || !Processes.portFree(m)) {
        continue;
      }
      taken.add(p);
      taken.add(m);
      return p;
    }
    throw new IllegalStateException("no free pair of service and management ports");
  }

  /** The same, with {@code env} added to every service's environment. */
  public StackOptions withEnv(Map<String, String> env) {
    Map<String, String> all = new LinkedHashMap<>(extraEnv);
    all.putAll(env);
    return copy(servicePorts, Map.copyOf(all), servicesRpc);
  }

  /** The same without {@code service} (e.g. the analytics example, which no bench measures). */
  public StackOptions without(String service) {
    Map<String, Integer> ports = new LinkedHashMap<>(servicePorts);
    ports.remove(service);
    return copy(Map.copyOf(ports), extraEnv, servicesRpc);
  }

  /** The same, the services reaching the chain at {@code rpc.apply(anvil's URL)}. */
  public StackOptions withServicesRpc(UnaryOperator<String> rpc) {
    return copy(servicePorts, extraEnv, rpc);
  }

  private StackOptions copy(
      Map<String, Integer> ports, Map<String, String> env, UnaryOperator<String> rpc) {
    return new StackOptions(
        root,
        stateDir,
        logDir,
        ports,
        anvilPort,
        kafkaBootstrap,
        kafkaPort,
        kafkaControllerPort,
        databasePrefix,
        env,
        rpc);
  }
}
