package io.soa.indexer.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * eth_getLogs against a hostile node (a real HTTP server on loopback): an answer too big in bytes
 * is a range limit, a body that stalls mid-stream times out; neither hangs the indexer.
 */
@org.junit.jupiter.api.Timeout(60) // before the fix, a stalled body hung forever
class LogStreamTest {
  static final String LOG =
      "{\"address\":\"0x"
          + "aa".repeat(20)
          + "\",\"topics\":[\"0x"
          + "01".repeat(32)
          + "\"],\"data\":\"0x\",\"blockNumber\":\"0x1\",\"blockHash\":\"0x"
          + "02".repeat(32)
          + "\",\"transactionHash\":\"0x"
          + "03".repeat(32)
          + "\",\"logIndex\":\"0x0\",\"removed\":false}";

  HttpServer server;
  final CountDownLatch release = new CountDownLatch(1);

  String serve(byte[] head, byte[] tail, boolean stall) throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, 0); // chunked
          try (OutputStream out = ex.getResponseBody()) {
            out.write(head);
            out.flush();
            if (stall) {
              release.await(); // never sends the rest while the client waits
            }
            out.write(tail);
          } catch (Exception e) {
            // the client gave up: fine
          }
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void anAnswerOfAFewLogsIsRead() throws Exception {
    String url =
        serve(
            ("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":["
                    + LOG
                    + ","
                    + LOG.replace("\"0x0\",\"removed", "\"0x1\",\"removed")
                    + "]}")
                .getBytes(StandardCharsets.UTF_8),
            new byte[0],
            false);
    List<RawLog> logs =
        new LogStream(Duration.ofSeconds(5), 1 << 20)
            .logs(url, 1, 1, List.of("0x" + "aa".repeat(20)), 10);
    assertThat(logs).hasSize(2);
  }

  @Test
  void anAnswerBiggerThanTheByteBoundIsARangeLimit() throws Exception {
    StringBuilder body = new StringBuilder("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[");
    for (int i = 0; i < 2000; i++) {
      body.append(i == 0 ? "" : ",").append(LOG);
    }
    String url =
        serve(body.append("]}").toString().getBytes(StandardCharsets.UTF_8), new byte[0], false);
    // fewer than maxLogs logs, but more than 64 KiB: refused by size
    assertThatThrownBy(
            () ->
                new LogStream(Duration.ofSeconds(5), 64 * 1024)
                    .logs(url, 1, 1, List.of(), 1_000_000))
        .isInstanceOfSatisfying(
            RpcException.class, e -> assertThat(e.kind()).isEqualTo(RpcException.Kind.RANGE_LIMIT));
  }

  @Test
  void aBodyThatStallsMidStreamTimesOut() throws Exception {
    String url =
        serve(
            ("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[" + LOG + ",")
                .getBytes(StandardCharsets.UTF_8),
            (LOG + "]}").getBytes(StandardCharsets.UTF_8),
            true);
    assertThatThrownBy(
            () -> new LogStream(Duration.ofMillis(500), 1 << 20).logs(url, 1, 1, List.of(), 100))
        .isInstanceOfSatisfying(
            RpcException.class, e -> assertThat(e.kind()).isEqualTo(RpcException.Kind.TIMEOUT));
  }
}
