package io.soa.catalog.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.soa.catalog.domain.Feature;
import io.soa.catalog.domain.Model;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/** A model as the API shows it; {@code token} appears once the model is tokenized. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelView(
    String id,
    String catalogId,
    String name,
    String description,
    String task,
    String framework,
    List<String> tags,
    List<Feature> features,
    String endpointUrl,
    String artifactDigest,
    String developer,
    String state,
    Token token,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  /** The model token on-chain; {@code tokenId} is a decimal string. */
  public record Token(long chainId, String contract, String tokenId, String owner, String txHash) {}

  public static ModelView of(Model m) {
    Token token = m.tokenId == null ? null
        : new Token(m.tokenChainId, m.tokenContract, m.tokenId.toString(), m.tokenOwner,
            m.tokenTxHash);
    return new ModelView(m.id.toString(), m.catalogId, m.name, m.description, m.task,
        m.framework, m.tags, m.features, m.endpointUrl, m.artifactDigest, m.developer,
        m.state.name().toLowerCase(Locale.ROOT), token, m.createdAt, m.updatedAt);
  }
}
