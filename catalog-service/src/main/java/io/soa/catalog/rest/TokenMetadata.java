package io.soa.catalog.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.soa.catalog.domain.Model;
import java.util.ArrayList;
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

  /** The metadata of {@code m}; {@code external_url} is its page under {@code publicUrl}. */
  public static TokenMetadata of(Model m, String publicUrl) {
    List<Attribute> attrs = new ArrayList<>();
    attr(attrs, "Task", m.task);
    attr(attrs, "Framework", m.framework);
    attr(attrs, "Modality", m.modality);
    attr(attrs, "State", m.state.wire());
    attr(attrs, "Latest version", m.latestVersion);
    attr(attrs, "Developer", m.developer);
    attrs.add(new Attribute("Features", m.features.size(), "number"));
    m.tags.forEach(t -> attr(attrs, "Tag", t));
    String description =
        m.summary != null
            ? m.summary
            : m.description == null
                ? null
                : m.description.length() > 1000 ? m.description.substring(0, 1000) : m.description;
    return new TokenMetadata(m.name, description, publicUrl + "/v1/models/" + m.id, null, attrs);
  }

  private static void attr(List<Attribute> attrs, String trait, String value) {
    if (value != null && !value.isBlank()) {
      attrs.add(new Attribute(trait, value, null));
    }
  }
}
