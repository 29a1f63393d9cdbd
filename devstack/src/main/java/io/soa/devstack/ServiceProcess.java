package io.soa.devstack;

import io.soa.devchain.Processes;
import io.soa.devstack.infra.JavaProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A packaged Quarkus service ({@code quarkus-run.jar}) run as a child process. */
public final class ServiceProcess implements AutoCloseable {
  private final ServiceSpec spec;
  private final int port;
  private final Process process;
  private final Path log;

  private ServiceProcess(ServiceSpec spec, int port, Process process, Path log) {
    this.spec = spec;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  public static ServiceProcess start(
      ServiceSpec spec, int port, Path root, Map<String, String> env, Path log) {
    if (!java.nio.file.Files.isRegularFile(spec.runner(root))) {
      throw new IllegalStateException(spec.runner(root) + " is missing; build with ./soa build");
    }
    // Small, predictable footprint: a bounded heap, metaspace and code cache, and few malloc
    // arenas (glibc's default grows RSS with the thread count).
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                JavaProcesses.javaBinary(),
                "-Xmx256m",
                "-XX:MaxDirectMemorySize=64m",
                "-XX:MaxMetaspaceSize=160m",
                "-XX:ReservedCodeCacheSize=64m",
                "-Xss512k",
                "-XX:+UseSerialGC",
                // native libsecp256k1 is loaded through JNI (signature recovery)
                "--enable-native-access=ALL-UNNAMED"));
    // extra JVM options for every service (e.g. the e2e tests' C1-only JIT); none by default, so
    // ./soa up and the benches run the services as deployed
    String extra = System.getProperty("soa.service.jvm-args", "").strip();
    if (!extra.isEmpty()) {
      cmd.addAll(List.of(extra.split("\\s+")));
    }
    cmd.addAll(List.of("-jar", spec.runner(root).toString()));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().put("MALLOC_ARENA_MAX", "2");
    pb.environment().putAll(env);
    try {
      return new ServiceProcess(spec, port, pb.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + spec.name(), e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  /** Waits until {@code /q/health/ready} answers 200. */
  public void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            spec.name() + " exited with code " + process.exitValue() + "; see " + log);
      }
      try {
        last = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (last == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException(
        spec.name() + " not ready within " + timeout + " (last status " + last + "); see " + log);
  }

  /** SIGKILL: the process gets no chance to clean up (chaos testing). */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    Processes.stop(process.toHandle(), Duration.ofSeconds(20));
  }
}
