package io.soa.chaos;

import io.soa.contracts.Vouchers;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.web3j.crypto.ECKeyPair;
import org.web3j.utils.Numeric;

/**
 * The callers of {@link PaymentsChaos}: each owns every {@code callers}-th channel and charges its
 * channels in turn, through the payment-service replicas, as a gateway would.
 */
final class PaymentsLoad {
  final Map<String, BigInteger> acknowledged = new ConcurrentHashMap<>(); // id -> amount
  final Map<String, String> channelOf = new ConcurrentHashMap<>();
  final AtomicLong retried = new AtomicLong();
  final AtomicLong refused = new AtomicLong();
  private final List<String> replicas;
  private final String token;
  private final BigInteger model;
  private final List<BigInteger> ids;
  private final Vouchers.Domain domain;
  private final ECKeyPair signer;
  private final String run;
  private final Consumer<String> log;
  private final AtomicBoolean toldRefusal = new AtomicBoolean();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  PaymentsLoad(
      List<String> replicas,
      String token,
      BigInteger model,
      List<BigInteger> ids,
      Vouchers.Domain domain,
      ECKeyPair signer,
      long seed,
      Consumer<String> log) {
    this.log = log;
    this.replicas = replicas;
    this.token = token;
    this.model = model;
    this.ids = ids;
    this.domain = domain;
    this.signer = signer;
    this.run = Long.toHexString(seed) + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  Map<String, BigInteger> chargedPerChannel() {
    Map<String, BigInteger> m = new HashMap<>();
    acknowledged.forEach((id, amount) -> m.merge(channelOf.get(id), amount, BigInteger::add));
    return m;
  }

  /** Charges channel 0's first call, retrying while the mirror lacks the price. */
  void probe() throws InterruptedException {
    BigInteger ch = ids.get(0);
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      String requestId = run + "-probe-" + attempt;
      HttpResponse<String> r = chargeUntilAnswered(body(requestId, ch, PaymentsChaos.PRICE));
      if (r.statusCode() == 201) {
        channelOf.put(requestId, ch.toString());
        acknowledged.put(requestId, PaymentsChaos.PRICE);
        probed = 1;
        return;
      }
      if (attempt % 25 == 0) {
        log.accept("waiting for a first charge: " + r.statusCode() + " " + r.body());
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("no charge accepted within 2 minutes");
  }

  private long probed;

  private String body(String requestId, BigInteger ch, BigInteger cumulative) {
    return ("{\"requestId\":\"%s\",\"channelId\":\"%s\",\"cumulativeAmount\":\"%s\","
            + "\"signature\":\"%s\",\"modelId\":\"%s\",\"feature\":\"tokens\",\"caller\":\"%s\","
            + "\"maxPrice\":\"%s\"}")
        .formatted(
            requestId,
            ch,
            cumulative,
            Numeric.toHexString(domain.sign(ch, cumulative, signer)),
            model,
            "0x" + org.web3j.crypto.Keys.getAddress(signer), // the channel's signer spends it
            PaymentsChaos.PRICE);
  }

  void callLoop(int worker, int callers, AtomicBoolean loading) {
    Map<BigInteger, Long> calls = new HashMap<>();
    calls.put(ids.get(0), probed); // the probe's call
    long attempt = 0;
    while (loading.get()) {
      for (int c = worker; c < ids.size() && loading.get(); c += callers) {
        BigInteger ch = ids.get(c);
        long k = calls.getOrDefault(ch, 0L) + 1;
        BigInteger cumulative = PaymentsChaos.PRICE.multiply(BigInteger.valueOf(k));
        String requestId = run + "-" + ch + "-" + k + "-" + attempt++;
        String body = body(requestId, ch, cumulative);
        HttpResponse<String> answer = chargeUntilAnswered(body);
        if (answer.statusCode() == 201) {
          channelOf.put(requestId, ch.toString());
          acknowledged.put(requestId, PaymentsChaos.PRICE);
          calls.put(ch, k);
        } else {
          refused.incrementAndGet(); // the voucher stays unused; the next call signs it again
          if (toldRefusal.compareAndSet(false, true)) {
            log.accept("a charge refused: " + answer.statusCode() + " " + answer.body());
          }
        }
      }
    }
  }

  /**
   * Sends the same request until a replica answers it (201 or a refusal), as a gateway: first to
   * one replica, then, while unanswered, to each in turn.
   */
  private HttpResponse<String> chargeUntilAnswered(String body) {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    // a first replica by the request (spreading the load), then each in turn
    for (int attempt = Math.floorMod(body.hashCode(), replicas.size());
        System.nanoTime() < deadline;
        attempt++) {
      HttpRequest req =
          HttpRequest.newBuilder(
                  URI.create(replicas.get(attempt % replicas.size()) + "/v1/charges"))
              .timeout(Duration.ofSeconds(5))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      try {
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() < 500) {
          return r;
        }
      } catch (java.io.IOException e) {
        // the service is down (killed) or the connection dropped: ask again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      retried.incrementAndGet();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("no answer to a charge within 3 minutes");
  }
}
