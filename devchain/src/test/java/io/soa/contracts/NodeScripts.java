package io.soa.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.soa.devchain.RepoRoot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.ObjectMapperFactory;
import org.web3j.utils.Numeric;

/** The interop tests' npm scripts (devchain/src/test/js): run with node, their last line read. */
final class NodeScripts {
  private NodeScripts() {}

  /** Runs {@code script} with {@code args}; the JSON object it printed last. */
  static JsonNode run(String script, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add("node");
    command.add(RepoRoot.find().resolve("devchain/src/test/js/" + script).toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String stdout = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).as(script + " finished").isTrue();
    assertThat(p.exitValue()).as(stdout).isZero();
    String last = stdout.strip().lines().reduce((a, b) -> b).orElse("{}");
    return ObjectMapperFactory.getObjectMapper().readTree(last);
  }

  /** A test key as the scripts take it (local chains only). */
  static String key(Credentials c) {
    return Numeric.toHexStringWithPrefixZeroPadded(c.getEcKeyPair().getPrivateKey(), 64);
  }
}
