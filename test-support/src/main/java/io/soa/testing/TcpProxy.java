package io.soa.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 in front of a server (PostgreSQL, say) that a test can cut: every open
 * connection is closed and new ones are refused until it is restored, as when the server goes down.
 * Controlled from any JVM or class loader over HTTP ({@link #cut(String)}, {@link
 * #restore(String)}), like {@link FaultProxy}.
 */
public final class TcpProxy implements AutoCloseable {
  private final String upstreamHost;
  private final int upstreamPort;
  private final ServerSocket server;
  private final HttpServer control;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong refused = new AtomicLong();
  private volatile boolean down;

  public TcpProxy(String upstreamHost, int upstreamPort) throws IOException {
    this.upstreamHost = upstreamHost;
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress("127.0.0.1", 0));
    Thread.ofVirtual().name("tcp-proxy-accept").start(this::accept);
    this.control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    control.createContext("/cut", ex -> answer(ex, () -> setDown(true)));
    control.createContext("/restore", ex -> answer(ex, () -> setDown(false)));
    control.createContext("/refused", ex -> answer(ex, () -> {}));
    control.start();
  }

  /** The port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /** The control URL ({@code http://127.0.0.1:<port>}). */
  public String controlUrl() {
    return "http://127.0.0.1:" + control.getAddress().getPort();
  }

  /** Closes every connection and refuses new ones, through the proxy at {@code controlUrl}. */
  public static long cut(String controlUrl) {
    return call(controlUrl + "/cut");
  }

  /** Lets connections through again; returns how many were refused meanwhile. */
  public static long restore(String controlUrl) {
    return call(controlUrl + "/restore");
  }

  /** How many connections were refused while cut. */
  public static long refused(String controlUrl) {
    return call(controlUrl + "/refused");
  }

  private static long call(String url) {
    try {
      return Long.parseLong(
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url))
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body()
              .trim());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private void setDown(boolean value) {
    down = value;
    if (value) {
      for (Socket s : open) {
        closeQuietly(s);
      }
    }
  }

  private void answer(HttpExchange ex, Runnable action) throws IOException {
    action.run();
    byte[] body = Long.toString(refused.get()).getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      if (down) {
        refused.incrementAndGet();
        closeQuietly(client);
        continue;
      }
      try {
        Socket upstream = new Socket(upstreamHost, upstreamPort);
        open.add(client);
        open.add(upstream);
        Thread.ofVirtual().start(() -> pump(client, upstream));
        Thread.ofVirtual().start(() -> pump(upstream, client));
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // closed by a cut or by either side
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void closeQuietly(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    control.stop(0);
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
    open.forEach(this::closeQuietly);
  }
}
