package io.soa.catalog.domain;

import jakarta.persistence.Column;
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
import io.soa.platform.persistence.JsonText;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;

/** A model in the catalog, with the chain's view of its token once it is minted. */
@Entity
@Table(name = "model")
public class Model {
  @Id
  public UUID id;

  /** {@link #id} as the chain's bytes32 (see {@code Bytes32.fromUuid}). */
  @Column(name = "catalog_id", nullable = false, unique = true)
  public String catalogId;

  @Column(nullable = false)
  public String name;

  public String description;
  public String task;
  public String framework;

  @Convert(converter = StringList.class)
  @Column(nullable = false)
  public List<String> tags;

  @Convert(converter = FeatureList.class)
  @Column(nullable = false)
  public List<Feature> features;

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

  @Column(name = "endpoint_url")
  public String endpointUrl;

  @Column(name = "artifact_digest")
  public String artifactDigest;

  @Column(nullable = false)
  public String developer;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public ModelState state;

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

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;

  @Version
  public long version;
}
