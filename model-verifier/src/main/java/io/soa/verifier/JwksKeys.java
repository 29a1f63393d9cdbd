package io.soa.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's keys from its JWKS ({@code GET <gateway>/.well-known/jwks.json}): Ed25519 JWKs by
 * {@code kid}. Fetched on first use, and again when an unknown key id arrives (the gateway rotated
 * its key), at most once per {@code refetchAfter} so unknown ids cannot make it a fetch loop.
 */
public final class JwksKeys implements KeySource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final Duration refetchAfter;
  private final HttpClient http;
  private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
  private volatile boolean fetched;
  private volatile long fetchedAt;

  private JwksKeys(URI url, Duration refetchAfter) {
    this.url = url;
    this.refetchAfter = refetchAfter;
    this.http =
        url == null
            ? null
            : HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
  }

  /** Keys fetched from {@code url}. */
  public static JwksKeys fetchedFrom(URI url) {
    return new JwksKeys(url, Duration.ofSeconds(30));
  }

  /** Keys of a JWKS document given as text (a pinned key, or tests). */
  public static JwksKeys of(String jwks) {
    JwksKeys k = new JwksKeys(null, Duration.ZERO);
    k.keys.putAll(parse(jwks));
    return k;
  }

  @Override
  public Optional<PublicKey> key(String keyId) {
    PublicKey k = keys.get(keyId);
    if (k == null && url != null && due()) {
      refresh();
      k = keys.get(keyId);
    }
    return Optional.ofNullable(k);
  }

  /** Never fetched, or fetched longer ago than {@code refetchAfter}. */
  private boolean due() {
    return !fetched || System.nanoTime() - fetchedAt > refetchAfter.toNanos();
  }

  private synchronized void refresh() {
    if (!due()) {
      return; // another thread just did
    }
    fetched = true;
    fetchedAt = System.nanoTime();
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        keys.putAll(parse(r.body()));
      }
    } catch (IOException | IllegalArgumentException e) {
      // the gateway is unreachable or answered garbage: no new key; calls signed by it are refused
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Map<String, PublicKey> parse(String jwks) {
    Map<String, PublicKey> out = new ConcurrentHashMap<>();
    JsonNode root;
    try {
      root = JSON.readTree(jwks);
    } catch (IOException e) {
      throw new IllegalArgumentException("the JWKS is not JSON", e);
    }
    for (JsonNode k : root.path("keys")) {
      if ("OKP".equals(k.path("kty").asText()) && "Ed25519".equals(k.path("crv").asText())) {
        PublicKey key = Ed25519Keys.publicKey(Base64.getUrlDecoder().decode(k.path("x").asText()));
        // the kid is the thumbprint, whatever the document says: a key cannot pose as another
        out.put(Ed25519Keys.thumbprint(key), key);
      }
    }
    return out;
  }
}
