package io.soa.licensing.entitlement.api;

import io.soa.licensing.entitlement.ModelContext;
import io.soa.licensing.entitlement.Tier;
import io.soa.platform.types.Bytes32;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a client needs to decide how to pay for a model's features: the chain and contracts, each
 * feature's price per call (pay-per-use by voucher), and the licence tiers on sale. Amounts: $SOA
 * base units, decimal strings.
 */
@Schema(description = "How a model's features can be paid for")
public record OffersView(
    @Schema(examples = "7") String modelId,
    @Schema(description = "The catalog model it is, if the catalog accepted its tokenization")
        String catalogId,
    @Schema(examples = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8") String owner,
    @Schema(examples = "31337") long chainId,
    @Schema(description = "Where licences are bought (purchase(tierId, recipient))")
        String licenseToken,
    @Schema(description = "Where pay-per-use channels are opened (openChannel)") String usageEscrow,
    List<FeatureOffer> features,
    @Schema(description = "Licence tiers on sale (active, supply left)") List<TierOffer> tiers) {

  @Schema(description = "A feature and its price per call; null price = not sold per call")
  public record FeatureOffer(
      @Schema(examples = "pos-tags") String feature,
      @Schema(examples = "0x5d1a4c2b2c8c0d3e0d4d8a56a8f0b0b9c3d7f1e2a4b6c8d0e2f4a6b8c0d2e4f6")
          String featureKey,
      @Schema(examples = "1500000000000000") String pricePerCall) {}

  @Schema(description = "A licence tier on sale")
  public record TierOffer(
      @Schema(examples = "3") String tierId,
      @Schema(examples = "50000000000000000000") String price,
      @Schema(description = "Seconds a licence lasts; null = perpetual", examples = "2592000")
          Long durationSeconds,
      @Schema(description = "Calls a licence carries; null = unlimited", examples = "1000")
          Long callQuota,
      @Schema(description = "Licences left to sell; null = unlimited", examples = "97")
          Long supplyLeft,
      boolean transferable,
      @Schema(description = "keccak-256 of the licence terms document") String termsDigest,
      @Schema(description = "Catalog feature ids covered (all of them when the tier names none)")
          List<String> features,
      @Schema(description = "The same as bytes32 keys; empty = every feature")
          List<String> featureKeys) {}

  public static OffersView of(
      ModelContext m, List<Tier> tiers, long chainId, String licenseToken, String escrow) {
    List<FeatureOffer> features = new ArrayList<>();
    List<String> known = new ArrayList<>();
    for (String f : m.features()) {
      String key = Bytes32.featureKey(f);
      known.add(key);
      features.add(new FeatureOffer(f, key, price(m.prices().get(key))));
    }
    m.prices()
        .forEach( // priced on-chain, not (yet) described in the catalog
            (key, price) -> {
              if (!known.contains(key)) {
                features.add(new FeatureOffer(null, key, price.toString()));
              }
            });
    List<TierOffer> onSale =
        tiers.stream()
            .filter(Tier::onSale)
            .map(
                t ->
                    new TierOffer(
                        t.tierId().toString(),
                        t.price().toString(),
                        t.duration() == 0 ? null : t.duration(),
                        t.callQuota() == 0 ? null : t.callQuota(),
                        t.maxSupply() == 0 ? null : t.maxSupply() - t.sold(),
                        t.transferable(),
                        t.termsDigest(),
                        m.features().stream().filter(f -> t.covers(Bytes32.featureKey(f))).toList(),
                        t.featureKeys()))
            .toList();
    return new OffersView(
        m.modelId().toString(),
        m.catalogId(),
        m.owner(),
        chainId,
        licenseToken,
        escrow,
        features,
        onSale);
  }

  private static String price(BigInteger p) {
    return p == null ? null : p.toString();
  }
}
