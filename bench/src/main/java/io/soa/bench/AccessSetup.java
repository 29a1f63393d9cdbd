package io.soa.bench;

import io.soa.contracts.generated.ModelRegistry;
import io.soa.contracts.generated.SOAToken;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import io.soa.devstack.Stack;
import io.soa.events.EventCodec;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;

/** The access bench's set-up and requests: a priced model, paid calls, the gateway's metrics. */
final class AccessSetup {
  private AccessSetup() {}

  /**
   * Registers a model at {@code endpoint}, tokenizes it, prices {@code tokens}, funds the payer.
   */
  static BigInteger model(
      Stack stack,
      Web3j web3j,
      HttpClient http,
      String catalog,
      String endpoint,
      Credentials owner,
      Credentials payer)
      throws Exception {
    String registered =
        http.send(
                HttpRequest.newBuilder(URI.create(catalog + "/v1/models"))
                    .header(
                        "Authorization",
                        "Bearer " + stack.tokens().token(owner.getAddress().toLowerCase()))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            """
                            {"name": "Bench model", "features": [{"id": "tokens"}],
                             "endpointUrl": "%s", "developer": "%s"}"""
                                .formatted(endpoint, owner.getAddress())))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Map<?, ?> m = EventCodec.JSON.readValue(registered, Map.class);
    String catalogId = (String) m.get("catalogId");
    if (catalogId == null) {
      throw new IllegalStateException("catalog refused the bench model: " + registered);
    }
    Chain.load(
            SOAToken.class, stack.deployment().address("SOAToken"), web3j, DevAccounts.deployer())
        .mint(payer.getAddress(), AccessBench.ONE.multiply(BigInteger.valueOf(1_000)))
        .send();
    ModelRegistry reg =
        Chain.load(ModelRegistry.class, stack.deployment().address("ModelRegistry"), web3j, owner);
    BigInteger model =
        ModelRegistry.getModelTokenizedEvents(
                reg.tokenize(
                        HexFormat.of().parseHex(catalogId.substring(2)),
                        "https://bench/access",
                        new byte[32],
                        BigInteger.valueOf(500))
                    .send())
            .get(0)
            .modelId;
    reg.setUsagePrice(model, Hash.sha3("tokens".getBytes()), AccessBench.PRICE).send();
    var escrow =
        Chain.load(
            io.soa.contracts.generated.UsageEscrow.class,
            stack.deployment().address("UsageEscrow"),
            web3j,
            payer);
    Chain.load(SOAToken.class, stack.deployment().address("SOAToken"), web3j, payer)
        .approve(
            stack.deployment().address("UsageEscrow"),
            AccessBench.ONE.multiply(BigInteger.valueOf(100)))
        .send();
    escrow.deposit(AccessBench.ONE.multiply(BigInteger.valueOf(100))).send();
    return model;
  }

  /** The gateway's {@code soa_gateway_overhead} percentiles (ms) for {@code path}. */
  static Map<String, Double> overhead(HttpClient http, String metricsUrl, String path)
      throws Exception {
    Map<String, Double> out = new LinkedHashMap<>();
    String text =
        http.send(
                HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    for (String line : text.split("\n")) {
      if (line.startsWith("soa_gateway_overhead_seconds{")
          && line.contains("path=\"" + path + "\"")
          && line.contains("quantile=\"")) {
        String q = line.substring(line.indexOf("quantile=\"") + 10);
        q = q.substring(0, q.indexOf('"'));
        double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        out.put(q, Math.round(v * 100_000) / 100.0);
      }
    }
    return out;
  }

  static void await(HttpClient http, String url, String field) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body()
        .contains(field)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not mirrored within 2 minutes: " + url);
      }
      Thread.sleep(100);
    }
  }

  static byte[] invoke(String path, String token, String voucher, String body) {
    return invokeWithId(path, token, voucher, null, body);
  }

  static byte[] invokeWithId(
      String path, String token, String voucher, String requestId, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return ("POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + token
            + (voucher == null
                ? ""
                : "\r\nSOA-Voucher: " + voucher + "\r\nSOA-Max-Price: " + AccessBench.PRICE)
            + (requestId == null ? "" : "\r\nSOA-Request-Id: " + requestId)
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + b.length
            + "\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.UTF_8);
  }

  static byte[] postJson(String path, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return ("POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
            + b.length
            + "\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.UTF_8);
  }

  static String post(HttpClient http, String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
