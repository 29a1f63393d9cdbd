package io.soa.devstack.infra;

import io.soa.devchain.Processes;
import io.soa.devchain.RepoRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The java binary and classpath of the local stack's child JVMs (ports and stopping: {@link
 * Processes}).
 */
public final class JavaProcesses {
  private JavaProcesses() {}

  /** The java binary of the running JVM (21+, chosen by ./soa). */
  public static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** devstack's runtime classpath (written by the build), which includes the Kafka broker. */
  public static String devstackClasspath() {
    Path root = RepoRoot.find();
    Path file = root.resolve("devstack/target/classpath.txt");
    Path classes = root.resolve("devstack/target/classes");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          file + " is missing; build first: ./mvnw -q -pl devstack -am install -DskipTests");
    }
    try {
      return classes + java.io.File.pathSeparator + Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
