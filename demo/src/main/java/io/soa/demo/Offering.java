package io.soa.demo;

import static io.soa.demo.Demo.FEATURES;
import static io.soa.demo.Demo.SOA;
import static io.soa.demo.Demo.milli;

import io.soa.contracts.generated.LicenseToken;
import io.soa.contracts.generated.ModelRegistry;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Hash;

/**
 * The developer's on-chain offer in the demo: the model tokenized (5% royalty), a price per call of
 * each feature, and two licence tiers (every feature, 5 calls, 2 $SOA; detect-language only, 0.5
 * $SOA) whose terms documents the catalog publishes.
 */
final class Offering {
  private Offering() {}

  /** The model token, its full tier, and its prices per call by feature. */
  record Made(BigInteger model, BigInteger fullTier, Map<String, BigInteger> prices) {}

  static Made make(
      ModelRegistry registry, LicenseToken licences, String catalogId, String metadataUri)
      throws Exception {
    BigInteger model =
        ModelRegistry.getModelTokenizedEvents(
                registry
                    .tokenize(
                        HexFormat.of().parseHex(catalogId.substring(2)),
                        metadataUri,
                        new byte[32],
                        BigInteger.valueOf(500))
                    .send())
            .get(0)
            .modelId;
    Map<String, BigInteger> prices =
        Map.of(
            "detect-language", milli(1).divide(BigInteger.TWO),
            "sentences", milli(1).divide(BigInteger.TWO),
            "tokens", milli(1),
            "pos-tags", milli(5),
            "lemmas", milli(5));
    for (String f : FEATURES) {
      registry.setUsagePrice(model, Hash.sha3(f.getBytes()), prices.get(f)).send();
    }
    BigInteger fullTier =
        LicenseToken.getTierCreatedEvents(
                licences
                    .createTier(
                        model,
                        SOA.multiply(BigInteger.TWO),
                        BigInteger.valueOf(7 * 86_400),
                        BigInteger.valueOf(5),
                        BigInteger.valueOf(100),
                        true,
                        Market.digest(Market.FULL_TERMS),
                        List.of())
                    .send())
            .get(0)
            .tierId;
    licences
        .createTier(
            model,
            SOA.divide(BigInteger.TWO),
            BigInteger.valueOf(30 * 86_400),
            BigInteger.valueOf(1000),
            BigInteger.ZERO,
            true,
            Market.digest(Market.LANGUAGE_TERMS),
            List.of(Hash.sha3("detect-language".getBytes())))
        .send();
    return new Made(model, fullTier, prices);
  }
}
