package io.soa.analytics.stream;

import java.util.Map;

/**
 * A catalog model's name, its on-chain model id once tokenized, and its features by their bytes32
 * key (keccak-256 of the feature's id, as charges and the chain name them) to their id.
 */
public record ModelName(String name, String chainModelId, Map<String, String> features) {

  /** The feature's id for {@code feature} (a bytes32 key or already an id). */
  public String feature(String feature) {
    return features == null ? feature : features.getOrDefault(feature, feature);
  }
}
