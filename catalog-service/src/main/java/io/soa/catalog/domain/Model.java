package io.soa.catalog.domain;

import io.soa.platform.persistence.JsonText;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A model in the catalog: what its developer describes, plus the chain's view of its token, owner
 * and prices (the chain wins). {@link #document} is the model as the API shows it, rebuilt on every
 * write so reads are one indexed row.
 */
@Entity
@Table(name = "model")
public class Model {
  @Id public UUID id;

  /** {@link #id} as the chain's bytes32 (see {@code Bytes32.fromUuid}). */
  @Column(name = "catalog_id", nullable = false, unique = true)
  public String catalogId;

  @Column(nullable = false)
  public String name;

  @Column(nullable = false, unique = true)
  public String slug;

  public String summary;
  public String description;
  public String task;
  public String framework;
  public String modality;

  @Column(name = "license_summary")
  public String licenseSummary;

  @Convert(converter = StringList.class)
  @Column(nullable = false)
  public List<String> tags;

  @Convert(converter = FeatureList.class)
  @Column(nullable = false)
  public List<Feature> features;

  @Column(name = "endpoint_url")
  public String endpointUrl;

  /** The digest given at registration; versions carry their own. */
  @Column(name = "artifact_digest")
  public String artifactDigest;

  @Column(nullable = false)
  public String developer;

  /** Derived by {@link #deriveState()}; stored for filtering. */
  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public ModelState state;

  @Column(nullable = false)
  public boolean deprecated;

  @Column(nullable = false)
  public boolean delisted;

  /** Who may change it: the token's owner once tokenized, else the developer. */
  @Column(nullable = false)
  public String owner;

  @Column(name = "token_chain_id")
  public Long tokenChainId;

  @Column(name = "token_contract")
  public String tokenContract;

  @Column(name = "token_id", precision = 78)
  public BigInteger tokenId;

  @Column(name = "token_owner")
  public String tokenOwner;

  @Column(name = "token_tx_hash")
  public String tokenTxHash;

  @Column(name = "token_block")
  public Long tokenBlock;

  @Column(name = "token_metadata_uri")
  public String tokenMetadataUri;

  @Column(name = "chain_artifact_digest")
  public String chainArtifactDigest;

  /** The chain's artifact digest differs from the catalog's latest version (or registration). */
  @Column(name = "digest_mismatch", nullable = false)
  public boolean digestMismatch;

  @Column(name = "latest_version")
  public String latestVersion;

  @Column(name = "latest_version_at")
  public OffsetDateTime latestVersionAt;

  /** The sha256 of the latest version, for the digest check. */
  @Column(name = "latest_version_digest")
  public String latestVersionDigest;

  @Convert(converter = PriceList.class)
  @Column(name = "usage_prices", nullable = false)
  public List<UsagePrice> usagePrices;

  @Column(name = "min_usage_price", precision = 78)
  public BigInteger minUsagePrice;

  public String document;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;

  @Version public long version;

  /**
   * Sets {@link #state}, {@link #owner}, {@link #minUsagePrice} and the digest flag from the rest.
   */
  public void derive() {
    state =
        delisted
            ? ModelState.DELISTED
            : deprecated
                ? ModelState.DEPRECATED
                : tokenId != null ? ModelState.TOKENIZED : ModelState.DRAFT;
    owner = tokenOwner != null ? tokenOwner : developer;
    usagePrices =
        usagePrices.stream()
            .map(
                p ->
                    new UsagePrice(
                        p.feature(),
                        featureIdOf(p.feature()),
                        p.pricePerCall(),
                        p.txHash(),
                        p.blockNumber()))
            .toList();
    minUsagePrice =
        usagePrices.stream()
            .map(p -> new BigInteger(p.pricePerCall()))
            .filter(p -> p.signum() > 0)
            .min(BigInteger::compareTo)
            .orElse(null);
    String catalogDigest = latestVersionDigest != null ? latestVersionDigest : artifactDigest;
    digestMismatch =
        tokenId != null
            && chainArtifactDigest != null
            && catalogDigest != null
            && !ZERO_DIGEST.equals(chainArtifactDigest)
            && !chainArtifactDigest.equals(catalogDigest);
  }

  /** The feature whose on-chain key ({@code Bytes32.featureKey}) is {@code key}, or null. */
  public String featureIdOf(String key) {
    return features.stream()
        .map(Feature::id)
        .filter(id -> io.soa.platform.types.Bytes32.featureKey(id).equals(key))
        .findFirst()
        .orElse(null);
  }

  private static final String ZERO_DIGEST = "0x" + "0".repeat(64);

  /** Tags as a JSON array in a TEXT column. */
  @Converter
  public static class StringList extends JsonText<List<String>> {
    public StringList() {
      super(types().constructCollectionType(List.class, String.class));
    }
  }

  /** Features as a JSON array in a TEXT column. */
  @Converter
  public static class FeatureList extends JsonText<List<Feature>> {
    public FeatureList() {
      super(types().constructCollectionType(List.class, Feature.class));
    }
  }

  /** On-chain prices as a JSON array in a TEXT column. */
  @Converter
  public static class PriceList extends JsonText<List<UsagePrice>> {
    public PriceList() {
      super(types().constructCollectionType(List.class, UsagePrice.class));
    }
  }
}
