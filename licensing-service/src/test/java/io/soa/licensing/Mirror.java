package io.soa.licensing;

import io.soa.events.ChainEvent;
import io.soa.events.EventCodec;
import io.soa.events.SoaEvent;
import io.soa.events.Topics;
import io.soa.events.catalog.ModelRegistered;
import io.soa.events.chain.LicensePurchased;
import io.soa.events.chain.LicenseTransferred;
import io.soa.events.chain.ModelTokenized;
import io.soa.events.chain.TierCreated;
import io.soa.events.chain.UsagePriceSet;
import io.soa.platform.types.Bytes32;
import io.soa.testing.TopicReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Feeds the licensing-service's consumers as the indexer and the catalog would: chain events of one
 * licence token and registry (addresses of the test class's own, so classes sharing the broker
 * never see each other's), and the catalog's events of a model.
 */
public final class Mirror {
  public static final String OWNER = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
  private static final AtomicLong TX = new AtomicLong(System.nanoTime());

  private final String kafka;
  private final String registry;
  private final String licenses;
  private final List<Runnable> sent = new java.util.concurrent.CopyOnWriteArrayList<>();

  public Mirror(String kafka, String registry, String licenses) {
    this.kafka = kafka;
    this.registry = registry;
    this.licenses = licenses;
  }

  public static String tx() {
    return "0x" + String.format("%064x", TX.incrementAndGet());
  }

  public void chain(String topic, String key, ChainEvent e) {
    send(
        () ->
            TopicReader.send(
                kafka,
                topic,
                key,
                EventCodec.envelope(e.eventId(), "/chain-indexer", e, OffsetDateTime.now())));
  }

  public void catalog(String key, String id, SoaEvent e) {
    send(
        () ->
            TopicReader.send(
                kafka,
                Topics.CATALOG_MODELS,
                key,
                EventCodec.envelope(id, "/catalog-service", e, OffsetDateTime.now())));
  }

  private void send(Runnable record) {
    sent.add(record);
    record.run();
  }

  /** Sends again, in order and with the same ids, everything sent through this mirror so far. */
  public void replay() {
    List.copyOf(sent).forEach(Runnable::run);
  }

  /** A catalog model with {@code features} at {@code endpoint}, tokenized as {@code modelId}. */
  public String model(long modelId, String endpoint, List<String> features, String price) {
    String catalog = UUID.randomUUID().toString();
    catalog(
        catalog,
        UUID.randomUUID().toString(),
        new ModelRegistered(
            catalog,
            Bytes32.fromUuid(UUID.fromString(catalog)),
            "Model " + modelId,
            "model-" + modelId,
            null,
            null,
            null,
            List.of(),
            features,
            OWNER,
            null,
            endpoint,
            Instant.now().toString()));
    catalog(
        catalog,
        UUID.randomUUID().toString(),
        new io.soa.events.catalog.ModelTokenized(
            catalog, 31337, registry, Long.toString(modelId), OWNER, tx(), 5));
    String m = Long.toString(modelId);
    chain(
        Topics.CHAIN_MODELS,
        m,
        new ModelTokenized(
            31337,
            5,
            block(),
            tx(),
            0,
            false,
            registry,
            m,
            Bytes32.fromUuid(UUID.fromString(catalog)),
            OWNER,
            "https://x",
            "0x" + "00".repeat(32),
            "500"));
    for (String f : features) {
      chain(
          Topics.CHAIN_MODELS,
          m,
          new UsagePriceSet(
              31337, 6, block(), tx(), 0, false, registry, m, Bytes32.featureKey(f), price));
    }
    return catalog;
  }

  public TierCreated tier(long modelId, long tierId, long quota, List<String> features) {
    TierCreated t =
        new TierCreated(
            31337,
            7,
            block(),
            tx(),
            0,
            false,
            licenses,
            Long.toString(tierId),
            Long.toString(modelId),
            "50000000000000000000",
            "2592000",
            Long.toString(quota),
            "100",
            true,
            "0x" + "ab".repeat(32),
            features.stream().map(Bytes32::featureKey).toList());
    chain(Topics.CHAIN_LICENSES, Long.toString(modelId), t);
    return t;
  }

  public LicensePurchased buy(
      long modelId, long tierId, long licenseId, String holder, long quota, long expiresAt) {
    LicensePurchased p =
        new LicensePurchased(
            31337,
            8,
            block(),
            tx(),
            1,
            false,
            licenses,
            Long.toString(licenseId),
            Long.toString(tierId),
            Long.toString(modelId),
            holder,
            holder,
            OWNER,
            "50000000000000000000",
            "2500000000000000000",
            Long.toString(expiresAt),
            Long.toString(quota));
    chain(Topics.CHAIN_LICENSES, Long.toString(modelId), p);
    return p;
  }

  public LicenseTransferred transfer(long modelId, long licenseId, String from, String to) {
    LicenseTransferred t =
        new LicenseTransferred(
            31337, 9, block(), tx(), 2, false, licenses, from, to, Long.toString(licenseId));
    chain(Topics.CHAIN_LICENSES, Long.toString(modelId), t);
    return t;
  }

  /** The marketplace {@code market} lists licence {@code licenseId} as {@code listingId}. */
  public io.soa.events.chain.Listed listed(
      String market, long listingId, long licenseId, String seller) {
    var l =
        new io.soa.events.chain.Listed(
            31337,
            10,
            block(),
            tx(),
            3,
            false,
            market,
            Long.toString(listingId),
            licenses,
            Long.toString(licenseId),
            seller,
            "1000000000000000000");
    chain(Topics.CHAIN_MARKET, licenses + ":" + licenseId, l);
    return l;
  }

  /** The listing {@code listingId} of licence {@code licenseId} is cancelled. */
  public void cancelled(String market, long listingId, long licenseId) {
    chain(
        Topics.CHAIN_MARKET,
        licenses + ":" + licenseId,
        new io.soa.events.chain.ListingCancelled(
            31337,
            11,
            block(),
            tx(),
            4,
            false,
            market,
            Long.toString(listingId),
            licenses,
            Long.toString(licenseId)));
  }

  /** The retraction of {@code e}: the same event, removed. */
  public static ChainEvent retraction(ChainEvent e) {
    return switch (e) {
      case LicensePurchased p ->
          new LicensePurchased(
              p.chainId(),
              p.blockNumber(),
              p.blockHash(),
              p.txHash(),
              p.logIndex(),
              true,
              p.contract(),
              p.licenseId(),
              p.tierId(),
              p.modelId(),
              p.buyer(),
              p.recipient(),
              p.payee(),
              p.paid(),
              p.fee(),
              p.expiresAt(),
              p.callQuota());
      case LicenseTransferred t ->
          new LicenseTransferred(
              t.chainId(),
              t.blockNumber(),
              t.blockHash(),
              t.txHash(),
              t.logIndex(),
              true,
              t.contract(),
              t.from(),
              t.to(),
              t.tokenId());
      case io.soa.events.chain.Listed l ->
          new io.soa.events.chain.Listed(
              l.chainId(),
              l.blockNumber(),
              l.blockHash(),
              l.txHash(),
              l.logIndex(),
              true,
              l.contract(),
              l.listingId(),
              l.collection(),
              l.tokenId(),
              l.seller(),
              l.price());
      default -> throw new IllegalArgumentException("no retraction for " + e);
    };
  }

  private static String block() {
    return "0x" + "b1".repeat(32);
  }
}
