package io.soa.bench;

import io.soa.contracts.Vouchers;
import io.soa.contracts.generated.ModelRegistry;
import io.soa.contracts.generated.SOAToken;
import io.soa.contracts.generated.UsageEscrow;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.DevChain;
import io.soa.devchain.deploy.Deployment;
import io.soa.events.EventCodec;
import io.soa.events.Topics;
import io.soa.testing.TopicReader;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The indexer benchmark's chain workload: a deterministic backfill fixture of claim batches over
 * pay-per-use channels, and the live traffic whose receipt-to-Kafka lag is measured.
 */
final class IndexerWorkload {
  private IndexerWorkload() {}

  static final BigInteger ONE = BigInteger.TEN.pow(18);
  static final int CHANNELS = 400;
  static final int ROUNDS = Integer.getInteger("rounds", 250); // 400 events each

  /** Channels over four models, then ROUNDS claim batches of all of them: > 100,000 events. */
  static void fixture(Web3j web3j, Deployment d) throws Exception {
    Credentials admin = DevAccounts.deployer();
    Credentials payer = DevAccounts.account(3);
    SOAToken soa =
        SOAToken.load(d.address("SOAToken"), web3j, Chain.txManager(web3j, admin), Chain.DEV_GAS);
    soa.mint(payer.getAddress(), ONE.multiply(BigInteger.valueOf(10_000_000))).send();
    List<BigInteger> models = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Credentials owner = DevAccounts.account(1 + (i % 2));
      byte[] catalogId = new byte[32];
      catalogId[16] = 0x55;
      catalogId[31] = (byte) i;
      models.add(
          ModelRegistry.getModelTokenizedEvents(
                  ModelRegistry.load(
                          d.address("ModelRegistry"),
                          web3j,
                          Chain.txManager(web3j, owner),
                          Chain.DEV_GAS)
                      .tokenize(catalogId, "bench", new byte[32], BigInteger.ZERO)
                      .send())
              .get(0)
              .modelId);
    }
    SOAToken.load(d.address("SOAToken"), web3j, Chain.txManager(web3j, payer), Chain.DEV_GAS)
        .approve(d.address("UsageEscrow"), ONE.multiply(BigInteger.valueOf(10_000_000)))
        .send();
    UsageEscrow esc =
        UsageEscrow.load(
            d.address("UsageEscrow"), web3j, Chain.txManager(web3j, payer), Chain.DEV_GAS);
    esc.deposit(ONE.multiply(BigInteger.valueOf(1_000_000))).send();
    BigInteger expires = BigInteger.valueOf(System.currentTimeMillis() / 1000 + 30 * 86_400);
    List<BigInteger> channels = new ArrayList<>();
    for (int i = 0; i < CHANNELS; i++) {
      channels.add(
          UsageEscrow.getChannelOpenedEvents(
                  esc.openChannel(
                          models.get(i % 4),
                          ONE.multiply(BigInteger.valueOf(1000)),
                          expires,
                          payer.getAddress())
                      .send())
              .get(0)
              .channelId);
    }
    Vouchers.Domain domain = new Vouchers.Domain(d.chainId(), d.address("UsageEscrow"));
    BigInteger unit = ONE.divide(BigInteger.valueOf(1000));
    UsageEscrow settler =
        UsageEscrow.load(
            d.address("UsageEscrow"), web3j, Chain.txManager(web3j, admin), Chain.DEV_GAS);
    for (int r = 1; r <= ROUNDS; r++) {
      BigInteger cum = unit.multiply(BigInteger.valueOf(r));
      List<UsageEscrow.Claim> batch =
          IntStream.range(0, CHANNELS)
              .parallel()
              .mapToObj(
                  i -> {
                    byte[][] rvs =
                        Vouchers.compact(domain.sign(channels.get(i), cum, payer.getEcKeyPair()));
                    return new UsageEscrow.Claim(channels.get(i), cum, rvs[0], rvs[1]);
                  })
              .toList();
      var receipt = settler.claimBatch(batch).send();
      if (UsageEscrow.getChannelClaimedEvents(receipt).size() != CHANNELS) {
        throw new IllegalStateException(
            "round " + r + " claimed " + UsageEscrow.getChannelClaimedEvents(receipt).size());
      }
    }
  }

  /** Sends 200 transactions at 1-second blocks; returns receipt-to-Kafka lags in ms. */
  static List<Long> live(Web3j web3j, DevChain dev, Deployment d, String kafka) throws Exception {
    Map<String, Long> receiptSeen = new ConcurrentHashMap<>();
    Map<String, Long> inKafka = new ConcurrentHashMap<>();
    KafkaConsumer<String, byte[]> consumer = TopicReader.consumer(kafka, "bench-live", "latest");
    consumer.subscribe(List.of(Topics.CHAIN_MODELS));
    while (consumer.assignment().isEmpty()) {
      consumer.poll(Duration.ofMillis(100));
    }
    Thread reader =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    org.apache.kafka.clients.consumer.ConsumerRecords<String, byte[]> polled;
                    try {
                      polled = consumer.poll(Duration.ofMillis(20));
                    } catch (org.apache.kafka.common.errors.InterruptException e) {
                      return; // the measurement is over
                    }
                    for (var rec : polled) {
                      try {
                        var data =
                            EventCodec.JSON.readTree(
                                EventCodec.fromRecord(rec).getData().toBytes());
                        inKafka.putIfAbsent(data.get("txHash").asText(), rec.timestamp());
                      } catch (Exception e) {
                        // not ours
                      }
                    }
                  }
                });
    new org.web3j.protocol.core.Request<>(
            "evm_setIntervalMining",
            List.of(1),
            new HttpService(d.rpcUrl()),
            DevChain.AnyResponse.class)
        .send();
    Credentials dev1 = DevAccounts.account(1);
    BigInteger nonce =
        web3j
            .ethGetTransactionCount(dev1.getAddress(), DefaultBlockParameterName.PENDING)
            .send()
            .getTransactionCount();
    ModelRegistry reg =
        ModelRegistry.load(
            d.address("ModelRegistry"), web3j, Chain.txManager(web3j, dev1), Chain.DEV_GAS);
    List<String> hashes = new ArrayList<>();
    Thread watcher =
        Thread.ofPlatform()
            .start(
                () -> {
                  long last = -1;
                  while (!Thread.currentThread().isInterrupted()) {
                    try {
                      long n = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
                      if (n != last) {
                        long seen = System.currentTimeMillis();
                        for (long b = last < 0 ? n : last + 1; b <= n; b++) {
                          var blk =
                              web3j
                                  .ethGetBlockByNumber(
                                      DefaultBlockParameter.valueOf(BigInteger.valueOf(b)), false)
                                  .send()
                                  .getBlock();
                          blk.getTransactions()
                              .forEach(t -> receiptSeen.putIfAbsent((String) t.get(), seen));
                        }
                        last = n;
                      }
                      Thread.sleep(5);
                    } catch (InterruptedException e) {
                      return;
                    } catch (Exception e) {
                      // retry
                    }
                  }
                });
    for (int i = 0; i < 200; i++) {
      byte[] catalogId = new byte[32];
      catalogId[16] = 0x44;
      catalogId[30] = (byte) (i >> 8);
      catalogId[31] = (byte) i;
      String data =
          reg.tokenize(catalogId, "live", new byte[32], BigInteger.ZERO).encodeFunctionCall();
      RawTransaction tx =
          RawTransaction.createTransaction(
              nonce.add(BigInteger.valueOf(i)),
              BigInteger.valueOf(2_000_000_000L),
              BigInteger.valueOf(400_000),
              d.address("ModelRegistry"),
              BigInteger.ZERO,
              data);
      hashes.add(
          web3j
              .ethSendRawTransaction(
                  Numeric.toHexString(TransactionEncoder.signMessage(tx, d.chainId(), dev1)))
              .send()
              .getTransactionHash());
      Thread.sleep(97);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!hashes.stream().allMatch(inKafka::containsKey) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    watcher.interrupt();
    reader.interrupt();
    reader.join();
    consumer.close();
    List<Long> lags = new ArrayList<>();
    for (String h : hashes) {
      if (inKafka.containsKey(h) && receiptSeen.containsKey(h)) {
        lags.add(Math.max(0, inKafka.get(h) - receiptSeen.get(h)));
      }
    }
    if (lags.size() < 200) {
      throw new IllegalStateException(
          "only " + lags.size() + " of 200 live transactions reached Kafka");
    }
    return lags;
  }
}
