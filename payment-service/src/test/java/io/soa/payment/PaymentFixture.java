package io.soa.payment;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.soa.contracts.Vouchers;
import io.soa.devstack.auth.DevTokens;
import io.soa.events.ChainEvent;
import io.soa.events.EventCodec;
import io.soa.events.Topics;
import io.soa.events.chain.ChannelOpened;
import io.soa.events.chain.UsagePriceSet;
import io.soa.platform.types.Bytes32;
import io.soa.testing.TopicReader;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import org.eclipse.microprofile.config.ConfigProvider;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * What the payment tests share: chain events fed to the real broker as the indexer publishes them,
 * vouchers signed with real keys in the deployed escrow's domain, and the gateway's token. Channel
 * and model ids are random and large: other tests' real chain events share the topics.
 */
final class PaymentFixture {
  private static final SecureRandom RANDOM = new SecureRandom();
  static final String PAYER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

  private PaymentFixture() {}

  static String config(String key) {
    return ConfigProvider.getConfig().getValue(key, String.class);
  }

  static long chainId() {
    return Long.parseLong(config("soa.chain.chain-id"));
  }

  static String escrow() {
    return config("soa.chain.contracts.usage-escrow").toLowerCase();
  }

  static String registry() {
    return config("soa.chain.contracts.model-registry").toLowerCase();
  }

  static BigInteger randomId() {
    return new BigInteger(62, RANDOM).add(BigInteger.valueOf(1_000_000));
  }

  static String hash() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return "0x" + HexFormat.of().formatHex(b);
  }

  static DevTokens tokens() {
    return DevTokens.fromPrivatePem(config("soa.test.jwt-private-key"));
  }

  /** The access gateway's service token. */
  static String gatewayToken() {
    return tokens().gatewayToken(Duration.ofMinutes(15));
  }

  /** A chain event as published, with a fresh id; returns the id. */
  static String publish(String topic, String key, ChainEvent e) {
    String id = e.chainId() + ":" + e.txHash() + ":" + e.logIndex();
    TopicReader.send(
        config("kafka.bootstrap.servers"),
        topic,
        key,
        EventCodec.envelope(id, "/chain-indexer", e, OffsetDateTime.now(), key));
    return id;
  }

  /** A channel and its signer, opened on the escrow as the indexer reports it. */
  record Opened(BigInteger channelId, BigInteger modelId, ECKeyPair signer, String eventId) {}

  static Opened open(BigInteger modelId, BigInteger deposit, Duration lifetime) throws Exception {
    ECKeyPair signer = Keys.createEcKeyPair();
    BigInteger channelId = randomId();
    ChannelOpened e =
        new ChannelOpened(
            chainId(),
            100,
            hash(),
            hash(),
            0,
            false,
            escrow(),
            channelId.toString(),
            PAYER,
            modelId.toString(),
            "0x" + Keys.getAddress(signer).toLowerCase(),
            deposit.toString(),
            Long.toString(Instant.now().plus(lifetime).getEpochSecond()));
    String id = publish(Topics.CHAIN_ESCROW, channelId.toString(), e);
    return new Opened(channelId, modelId, signer, id);
  }

  static void price(BigInteger modelId, String featureId, BigInteger price) {
    price(modelId, featureId, price, registry());
  }

  /** A UsagePriceSet as if emitted by {@code contract} (the registry's, or a forger's). */
  static void price(BigInteger modelId, String featureId, BigInteger price, String contract) {
    publish(
        Topics.CHAIN_MODELS,
        modelId.toString(),
        new UsagePriceSet(
            chainId(),
            100,
            hash(),
            hash(),
            0,
            false,
            contract,
            modelId.toString(),
            Bytes32.featureKey(featureId),
            price.toString()));
  }

  /** A voucher's signature, hex, in the deployed escrow's EIP-712 domain. */
  static String sign(Opened ch, BigInteger cumulative) {
    return sign(chainId(), escrow(), ch.channelId(), cumulative, ch.signer());
  }

  static String sign(
      long chainId, String escrow, BigInteger channelId, BigInteger cumulative, ECKeyPair key) {
    return Numeric.toHexString(Vouchers.sign(chainId, escrow, channelId, cumulative, key));
  }

  /** The most a test caller agrees to pay per call: above every price the tests set. */
  static final BigInteger CAP = BigInteger.TEN.pow(24);

  static String body(
      String requestId, Opened ch, BigInteger cumulative, String signature, String feature) {
    // the channel's signer calls (it may spend the channel, as its payer may)
    return body(
        requestId,
        ch,
        cumulative,
        signature,
        feature,
        "0x" + org.web3j.crypto.Keys.getAddress(ch.signer()),
        CAP);
  }

  /** A charge asked for by {@code caller}, who pays at most {@code maxPrice}. */
  static String body(
      String requestId,
      Opened ch,
      BigInteger cumulative,
      String signature,
      String feature,
      String caller,
      BigInteger maxPrice) {
    return """
        {"requestId": "%s", "channelId": "%s", "cumulativeAmount": "%s", "signature": "%s",
         "modelId": "%s", "feature": "%s", "caller": "%s", "maxPrice": "%s"}"""
        .formatted(
            requestId,
            ch.channelId(),
            cumulative,
            signature,
            ch.modelId(),
            feature,
            caller,
            maxPrice);
  }

  static Response charge(String json) {
    return given()
        .auth()
        .oauth2(gatewayToken())
        .contentType(ContentType.JSON)
        .body(json)
        .post("/v1/charges");
  }
}
