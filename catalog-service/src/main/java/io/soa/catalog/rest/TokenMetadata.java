package io.soa.catalog.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * ERC-721 metadata JSON of a model token (the schema of EIP-721 plus the {@code attributes} list
 * wallets and marketplaces show), served so the token's {@code metadataUri} can point here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenMetadata(
    String name,
    String description,
    @JsonProperty("external_url") String externalUrl,
    String image,
    List<Attribute> attributes) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Attribute(
      @JsonProperty("trait_type") String traitType,
      Object value,
      @JsonProperty("display_type") String displayType) {}
}
