package io.soa.catalog.rest;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.soa.catalog.service.MarketService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * Licence terms documents, addressed by their digest: keccak-256 of the document's exact bytes, the
 * {@code termsDigest} a tier is created with on-chain. The owner uploads; anyone reads.
 */
@Path("/v1/models/{id}/terms/{digest}")
public class TermsResource {
  static final String MARKDOWN = "text/markdown";

  private final MarketService market;
  private final JsonWebToken jwt;

  public TermsResource(MarketService market, JsonWebToken jwt) {
    this.market = market;
    this.jwt = jwt;
  }

  @PUT
  @Consumes({MARKDOWN, MediaType.TEXT_PLAIN})
  @Produces(MediaType.APPLICATION_JSON)
  @Authenticated
  @SecurityRequirement(name = "bearer")
  @Operation(
      summary = "Publish a licence terms document",
      description =
          "Markdown (UTF-8, at most soa.catalog.terms.max-bytes). Stored only when keccak-256 of"
              + " the body's bytes is the digest in the path; by the model's developer, or its"
              + " token's owner once tokenized. Sending it again changes nothing.")
  @APIResponse(responseCode = "201", description = "Published")
  @APIResponse(responseCode = "200", description = "Already published")
  @APIResponse(responseCode = "400", description = "Not a digest, empty, or not UTF-8 text")
  @APIResponse(responseCode = "403", description = "The caller may not change the model")
  @APIResponse(responseCode = "413", description = "Above the size limit")
  @APIResponse(responseCode = "422", description = "The body's keccak-256 is not the digest")
  public Uni<Response> put(
      @Parameter(schema = @Schema(maxLength = 64)) @PathParam("id") String id,
      @Parameter(schema = @Schema(pattern = "^0x[0-9a-fA-F]{64}$", maxLength = 66))
          @PathParam("digest")
          String digest,
      byte[] body) {
    return market
        .putTerms(Requests.modelId(id), digest, body == null ? new byte[0] : body, caller())
        .map(
            created ->
                (created
                        ? Response.created(
                            URI.create("/v1/models/" + id + "/terms/" + digest.toLowerCase()))
                        : Response.ok())
                    .entity(
                        "{\"digest\":\""
                            + digest.toLowerCase()
                            + "\",\"size\":"
                            + body.length
                            + "}")
                    .build());
  }

  @GET
  @Produces(MARKDOWN + ";charset=utf-8")
  @Operation(
      summary = "Read a licence terms document",
      description = "Exactly the bytes whose keccak-256 is the digest; immutable.")
  @APIResponse(responseCode = "200", description = "The document")
  @APIResponse(responseCode = "404", description = "No document with that digest was published")
  public Uni<Response> get(
      @Parameter(schema = @Schema(maxLength = 64)) @PathParam("id") String id,
      @Parameter(schema = @Schema(pattern = "^0x[0-9a-fA-F]{64}$", maxLength = 66))
          @PathParam("digest")
          String digest) {
    CacheControl forever = new CacheControl();
    forever.setMaxAge(31_536_000);
    return market
        .terms(Requests.modelId(id), digest)
        .map(
            text ->
                Response.ok(text)
                    .tag(new EntityTag(digest.toLowerCase()))
                    .cacheControl(forever)
                    .build());
  }

  private String caller() {
    return Requests.caller(jwt);
  }
}
