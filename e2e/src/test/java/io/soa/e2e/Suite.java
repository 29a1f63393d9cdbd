package io.soa.e2e;

import io.soa.devchain.RepoRoot;
import io.soa.devstack.Stack;
import java.nio.file.Path;

/** The packaged suite as {@code ./soa up} runs it, on free ports, for one test class. */
final class Suite {
  private Suite() {}

  /** Starts it with its state under {@code e2e/target/<stateDir>}; on the CI's broker if set. */
  static Stack start(String stateDir) {
    Path root = RepoRoot.find();
    String kafka = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    return Stack.start(
        Stack.Options.freePorts(
            root,
            root.resolve("e2e/target/" + stateDir),
            kafka == null || kafka.isBlank() ? null : kafka),
        System.out::println,
        pid -> {});
  }
}
