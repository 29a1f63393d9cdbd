package io.soa.devchain;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A local anvil chain run as a child process, from the npm package pinned in the repository's
 * {@code package.json}. Used by {@code ./soa up} (port 8545) and by tests (a free port each).
 */
public final class AnvilNode implements AutoCloseable {
  /** Chain id anvil uses by default. */
  public static final long CHAIN_ID = 31337;

  private final Process process;
  private final int port;

  private AnvilNode(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts anvil on a free loopback port with automine. */
  public static AnvilNode startOnFreePort() {
    return start(freePort(), null, List.of());
  }

  /**
   * Starts anvil on {@code port}, logging to {@code log} (or discarding output when null), and
   * waits until it answers JSON-RPC.
   */
  public static AnvilNode start(int port, Path log, List<String> extraArgs) {
    Path bin = binary();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                bin.toString(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--chain-id",
                Long.toString(CHAIN_ID),
                "--silent"));
    cmd.addAll(extraArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (log == null) {
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    } else {
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }
    try {
      AnvilNode node = new AnvilNode(pb.start(), port);
      node.awaitReady(Duration.ofSeconds(20));
      return node;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start anvil at " + bin, e);
    }
  }

  /** The anvil binary of the pinned npm package; run {@code npm ci} at the root if missing. */
  public static Path binary() {
    Path bin = RepoRoot.find().resolve("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
    if (!Files.isExecutable(bin)) {
      throw new IllegalStateException(
          "anvil is not installed at " + bin + "; run 'npm ci' in the repository root");
    }
    return bin;
  }

  public String rpcUrl() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  private void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(rpcUrl()))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
            .timeout(Duration.ofSeconds(1))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "anvil exited with code " + process.exitValue() + " (is port " + port + " taken?)");
      }
      try {
        if (http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      Processes.sleep(50);
    }
    close();
    throw new IllegalStateException("anvil did not answer on " + rpcUrl() + " within " + timeout);
  }

  @Override
  public void close() {
    Processes.stop(process.toHandle(), Duration.ofSeconds(5));
  }

  /** A TCP port free on loopback at the time of the call (see {@link Processes}). */
  public static int freePort() {
    return Processes.freePort();
  }
}
