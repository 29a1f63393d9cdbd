package io.soa.devstack;

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
  private final Process process;
  private final Path log;

  private ServiceProcess(ServiceSpec spec, Process process, Path log) {
    this.spec = spec;
    this.process = process;
    this.log = log;
  }

  public static ServiceProcess start(ServiceSpec spec, Path root, Map<String, String> env, Path log) {
    ProcessBuilder pb = new ProcessBuilder(List.of(JavaProcesses.javaBinary(), "-Xmx384m",
        "-XX:+UseSerialGC", "-jar", spec.runner(root).toString()))
        .directory(root.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    pb.environment().putAll(env);
    try {
      return new ServiceProcess(spec, pb.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + spec.name(), e);
    }
  }

  public long pid() {
    return process.pid();
  }

  /** Waits until {@code /q/health/ready} answers 200. */
  public void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create(spec.url() + "/q/health/ready"))
        .timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(spec.name() + " exited with code " + process.exitValue()
            + "; see " + log);
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
    throw new IllegalStateException(spec.name() + " not ready within " + timeout
        + " (last status " + last + "); see " + log);
  }

  @Override
  public void close() {
    JavaProcesses.stop(process.toHandle(), Duration.ofSeconds(20));
  }
}
