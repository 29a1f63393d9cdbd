package io.soa.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The gateway's keys fetched from its JWKS over HTTP: on first use, again when it rotated, and no
 * more often than the refetch interval however many unknown key ids arrive.
 */
class JwksKeysTest {
  @Test
  void keysAreFetchedOnFirstUseAndAgainOnlyWhenAnUnknownIdArrivesAfterTheInterval()
      throws Exception {
    GatewaySigner first = GatewaySigner.generate();
    GatewaySigner rotated = GatewaySigner.generate();
    AtomicReference<String> served = new AtomicReference<>(first.jwks());
    AtomicInteger fetches = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/.well-known/jwks.json",
        x -> {
          fetches.incrementAndGet();
          byte[] b = served.get().getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(200, b.length);
          x.getResponseBody().write(b);
          x.close();
        });
    server.start();
    try {
      JwksKeys keys =
          JwksKeys.fetchedFrom(
              URI.create(
                  "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json"));
      assertThat(keys.key(first.keyId())).isPresent();
      assertThat(fetches.get()).isEqualTo(1);
      assertThat(keys.key(first.keyId())).isPresent(); // known: no fetch
      // the gateway rotates its key: an unknown id within the interval does not fetch again
      served.set(rotated.jwks());
      for (int i = 0; i < 20; i++) {
        assertThat(keys.key("unknown-" + i)).isEmpty();
      }
      assertThat(keys.key(rotated.keyId())).isEmpty();
      assertThat(fetches.get()).isEqualTo(1);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aGatewayThatIsDownGivesNoKeyAndNoFailure() {
    JwksKeys keys = JwksKeys.fetchedFrom(URI.create("http://127.0.0.1:9/.well-known/jwks.json"));
    assertThat(keys.key("any")).isEmpty();
  }
}
