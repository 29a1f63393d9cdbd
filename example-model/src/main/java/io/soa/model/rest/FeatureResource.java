package io.soa.model.rest;

import io.soa.model.config.ModelConfig;
import io.soa.model.nlp.Models;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One endpoint per feature, the path the gateway forwards to ({@code <endpointUrl>/<feature>}):
 * JSON in ({@code {"text": "..."}}, at most {@code soa.model.max-text-chars}), JSON out. The work
 * is CPU-bound and short (about a millisecond), so it runs on worker threads.
 */
@Path("/m")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class FeatureResource {
  @Schema(description = "The text to analyse")
  public record Text(
      @NotNull @NotBlank @Schema(examples = "The cats were sitting on the mats.") String text) {}

  public record Guess(String language, double confidence) {}

  public record LanguageAnswer(String language, double confidence, List<Guess> alternatives) {}

  public record SentencesAnswer(List<String> sentences) {}

  public record TokensAnswer(List<String> tokens) {}

  public record TagsAnswer(List<String> tokens, List<String> tags) {}

  public record LemmasAnswer(List<String> tokens, List<String> tags, List<String> lemmas) {}

  private final Models models;
  private final int maxChars;

  public FeatureResource(Models models, ModelConfig config) {
    this.models = models;
    this.maxChars = config.maxTextChars();
  }

  private String text(Text t) {
    if (t.text().length() > maxChars) {
      throw new TextTooLong(maxChars);
    }
    return t.text();
  }

  @POST
  @Path("/detect-language")
  @Operation(summary = "The text's language (ISO 639-3) and the next two guesses")
  public LanguageAnswer detectLanguage(@Valid @NotNull Text t) {
    var ls = models.languages(text(t), 3);
    return new LanguageAnswer(
        ls.get(0).getLang(),
        round(ls.get(0).getConfidence()),
        ls.stream().skip(1).map(l -> new Guess(l.getLang(), round(l.getConfidence()))).toList());
  }

  @POST
  @Path("/sentences")
  @Operation(summary = "The text split into sentences (English)")
  public SentencesAnswer sentences(@Valid @NotNull Text t) {
    return new SentencesAnswer(models.sentences(text(t)));
  }

  @POST
  @Path("/tokens")
  @Operation(summary = "The text's tokens (English)")
  public TokensAnswer tokens(@Valid @NotNull Text t) {
    return new TokensAnswer(models.tokens(text(t)));
  }

  @POST
  @Path("/pos-tags")
  @Operation(summary = "Tokens and their Universal Dependencies part-of-speech tags (English)")
  public TagsAnswer posTags(@Valid @NotNull Text t) {
    List<String> tokens = models.tokens(text(t));
    return new TagsAnswer(tokens, models.tags(tokens));
  }

  @POST
  @Path("/lemmas")
  @Operation(summary = "Tokens, their tags and their lemmas (English)")
  public LemmasAnswer lemmas(@Valid @NotNull Text t) {
    List<String> tokens = models.tokens(text(t));
    List<String> tags = models.tags(tokens);
    return new LemmasAnswer(tokens, tags, models.lemmas(tokens, tags));
  }

  private static double round(double d) {
    return Math.round(d * 10_000) / 10_000.0;
  }
}
