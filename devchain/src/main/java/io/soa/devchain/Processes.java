package io.soa.devchain;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The one helper for the local processes of development and tests (anvil here; the Kafka broker,
 * PostgreSQL and the services in devstack): free ports, waiting for a port, stopping a process
 * tree.
 */
public final class Processes {
  private Processes() {}

  /** A TCP port free on loopback at the time of the call. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code port} can be bound on this host now. */
  public static boolean portFree(int port) {
    try (ServerSocket s = new ServerSocket(port)) {
      s.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
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

  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
