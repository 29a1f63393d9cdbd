package io.soa.catalog.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.soa.catalog.domain.Feature;
import io.soa.catalog.domain.Model;
import io.soa.catalog.domain.UsagePrice;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A model as the API shows it (and as {@code Model.document} stores it). {@code token} and {@code
 * invoke} (the access gateway's path to call a feature, paid) appear once the model is tokenized,
 * {@code latestVersion} once a version is published. {@code endpointUrl} is shown to its developer
 * and owner only: anyone else calls the model through the gateway. Amounts and token ids are
 * decimal strings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelView(
    String id,
    String catalogId,
    String name,
    String slug,
    String summary,
    String description,
    String task,
    String framework,
    String modality,
    List<String> tags,
    String licenseSummary,
    List<Feature> features,
    String endpointUrl,
    String artifactDigest,
    String developer,
    String owner,
    String state,
    Token token,
    boolean digestMismatch,
    LatestVersion latestVersion,
    List<Price> usagePrices,
    String invoke,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  /** The gateway's path that calls a feature of a tokenized model ({feature}: a feature's id). */
  public static final String INVOKE = "/v1/models/%s/features/{feature}/invoke";

  /** The model token on-chain. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Token(
      long chainId,
      String contract,
      String tokenId,
      String owner,
      String txHash,
      long blockNumber,
      String metadataUri,
      String artifactDigest) {}

  public record LatestVersion(String version, String sha256, OffsetDateTime publishedAt) {}

  /** A feature's on-chain per-call price in $SOA base units. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Price(String feature, String featureId, String pricePerCall) {}

  public static ModelView of(Model m) {
    Token token =
        m.tokenId == null
            ? null
            : new Token(
                m.tokenChainId,
                m.tokenContract,
                m.tokenId.toString(),
                m.tokenOwner,
                m.tokenTxHash,
                m.tokenBlock,
                m.tokenMetadataUri,
                m.chainArtifactDigest);
    LatestVersion latest =
        m.latestVersion == null
            ? null
            : new LatestVersion(m.latestVersion, m.latestVersionDigest, m.latestVersionAt);
    List<Price> prices =
        m.usagePrices.stream()
            .map((UsagePrice p) -> new Price(p.feature(), p.featureId(), p.pricePerCall()))
            .toList();
    return new ModelView(
        m.id.toString(),
        m.catalogId,
        m.name,
        m.slug,
        m.summary,
        m.description,
        m.task,
        m.framework,
        m.modality,
        m.tags,
        m.licenseSummary,
        m.features,
        null, // the endpoint is its owner's to see (ModelResource adds it for them), never public
        m.artifactDigest,
        m.developer,
        m.owner,
        m.state.wire(),
        token,
        m.digestMismatch,
        latest,
        prices,
        m.tokenId == null ? null : INVOKE.formatted(m.tokenId),
        m.createdAt,
        m.updatedAt);
  }
}
