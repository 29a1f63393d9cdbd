package io.soa.catalog.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v1/models}. */
@Schema(description = "A model to register in the catalog")
public record RegisterModelRequest(
    @Schema(example = "Sentiment classifier") @NotBlank @Size(max = 200) String name,
    @Schema(example = "Classifies English text as positive or negative.")
        @Size(max = 65_536, message = "must be at most 65536 characters") String description,
    @Schema(example = "text-classification") @Size(max = 100) String task,
    @Schema(example = "pytorch") @Size(max = 100) String framework,
    @Schema(example = "[\"nlp\", \"sentiment\"]")
        @Size(max = 32) List<@NotBlank @Size(max = 50) String> tags,
    @Size(max = 64) List<@Valid @NotNull FeatureRequest> features,
    @Schema(example = "https://models.example.com/sentiment/v1")
        @Size(max = 2048) @Pattern(regexp = "^https?://[^\\s]+$", message = "must be an http(s) URL")
        String endpointUrl,
    @Schema(example = "0x9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
        @Pattern(regexp = "^0x[0-9a-fA-F]{64}$", message = "must be 0x followed by 64 hex digits")
        String artifactDigest,
    @Schema(example = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266")
        @NotNull @Pattern(regexp = "^0x[0-9a-fA-F]{40}$", message = "must be an address: 0x followed by 40 hex digits")
        String developer) {

  /** One feature of the model. */
  public record FeatureRequest(
      @Schema(example = "classify")
          @NotBlank @Pattern(regexp = "^[a-z0-9][a-z0-9._-]{0,63}$",
              message = "must be 1-64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit")
          String id,
      @Size(max = 1000) String description) {}
}
