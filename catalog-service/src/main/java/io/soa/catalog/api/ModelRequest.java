package io.soa.catalog.api;

import io.soa.catalog.domain.SemVer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A model's editable description: the body of {@code POST /v1/models}, and what a {@code PATCH}
 * merge patch is applied to and checked against.
 */
@Schema(description = "A model's description")
public record ModelRequest(
    @Schema(examples = "Sentiment classifier") @NotBlank @Size(max = 200) String name,
    @Schema(
            description = "URL name, unique; derived from the name when absent",
            examples = "sentiment-classifier")
        @Size(max = 64)
        @Pattern(
            regexp = SLUG,
            message = "must be lower-case letters and digits in groups joined by single '-'")
        String slug,
    @Schema(examples = "English sentiment in one call.") @Size(max = 280) String summary,
    @Schema(
            description = "Markdown",
            examples = "Classifies English text as **positive** or **negative**.")
        @Size(max = 65_536, message = "must be at most 65536 characters")
        String description,
    @Schema(examples = "text-classification") @Size(max = 100) String task,
    @Schema(examples = "pytorch") @Size(max = 100) String framework,
    @Schema(examples = "text") @Size(max = 100) String modality,
    @Schema(examples = "[\"nlp\", \"sentiment\"]") @Size(max = 32)
        List<@NotBlank @Size(max = 50) String> tags,
    @Schema(examples = "Commercial use with a licence; pay-per-use without one.") @Size(max = 1000)
        String licenseSummary,
    @Size(max = 64) List<@Valid @NotNull FeatureRequest> features,
    @Schema(examples = "https://models.example.com/sentiment/v1")
        @Size(max = 2048)
        @Pattern(regexp = URL, message = "must be an http(s) URL")
        String endpointUrl,
    @Schema(examples = "0x9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
        @Pattern(regexp = "^0x[0-9a-fA-F]{64}$", message = "must be 0x followed by 64 hex digits")
        String artifactDigest,
    @Schema(
            description = "The developer's address; must be the caller's (defaults to it)",
            examples = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266")
        @Pattern(
            regexp = "^0x[0-9a-fA-F]{40}$",
            message = "must be an address: 0x followed by 40 hex digits")
        String developer) {

  public static final String SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$";
  public static final String URL = "^https?://[^\\s]+$";
  static final String MEDIA_TYPE_PATTERN =
      "^[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]{0,126}/[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]{0,126}$";

  /** One feature of the model. */
  public record FeatureRequest(
      @Schema(examples = "classify")
          @NotBlank
          @Pattern(
              regexp = "^[a-z0-9][a-z0-9._-]{0,63}$",
              message = "must be 1-64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit")
          String id,
      @Size(max = 1000) String description,
      @Schema(examples = "[\"text/plain\"]") @Size(max = 16)
          List<
                  @NotNull
                  @Pattern(
                      regexp = MEDIA_TYPE_PATTERN,
                      message = "must be a media type such as text/plain")
                  String>
              inputContentTypes,
      @Schema(examples = "[\"application/json\"]") @Size(max = 16)
          List<
                  @NotNull
                  @Pattern(
                      regexp = MEDIA_TYPE_PATTERN,
                      message = "must be a media type such as text/plain")
                  String>
              outputContentTypes) {}

  /** Body of {@code POST /v1/models/{id}/versions}. */
  @Schema(description = "A version of the model's artifact to publish")
  public record VersionRequest(
      @Schema(examples = "1.2.0")
          @NotNull
          @Size(max = 128)
          @Pattern(regexp = SemVer.REGEX, message = "must be a semantic version such as 1.2.0")
          String version,
      @Schema(examples = "https://models.example.com/sentiment/1.2.0/model.safetensors")
          @NotBlank
          @Size(max = 2048)
          @Pattern(
              regexp = "^(https?|ipfs|ar|s3|gs)://[^\\s]+$",
              message = "must be an https, ipfs, ar, s3 or gs URI")
          String artifactUri,
      @Schema(
              description = "SHA-256 of the artifact",
              examples = "0x9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
          @NotNull
          @Pattern(
              regexp = "^(0x)?[0-9a-fA-F]{64}$",
              message = "must be 64 hex digits (optionally 0x-prefixed)")
          String sha256,
      @Schema(examples = "438123520") @NotNull @jakarta.validation.constraints.PositiveOrZero
          Long sizeBytes,
      @Schema(description = "Markdown") @Size(max = 20_000) String releaseNotes) {}
}
