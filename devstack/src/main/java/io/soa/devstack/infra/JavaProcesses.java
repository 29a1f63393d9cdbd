package io.soa.devstack.infra;

import io.soa.devchain.RepoRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Helpers to start and stop the child JVMs and processes of the local stack. */
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

  public static boolean portOpen(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits until {@code port} accepts connections or {@code process} dies. */
  public static void awaitPort(Process process, int port, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException(what + " exited with code " + process.exitValue());
      }
      if (portOpen(port)) {
        return;
      }
      sleep(100);
    }
    throw new IllegalStateException(what + " did not open port " + port + " within " + timeout);
  }

  /** SIGTERM, then SIGKILL after {@code grace}; children of the process too. */
  public static void stop(ProcessHandle p, Duration grace) {
    if (p == null || !p.isAlive()) {
      return;
    }
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      p.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
