package io.soa.catalog.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.soa.catalog.api.ModelRequest;
import io.soa.catalog.config.CatalogSettings;
import io.soa.catalog.domain.Model;
import io.soa.catalog.repository.ModelQueries;
import io.soa.catalog.repository.ModelQueries.Search;
import io.soa.catalog.service.ModelService;
import io.soa.platform.error.Invalid;
import io.soa.platform.error.NotFound;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * HTTP API of catalog models. Reads are open; writes need a bearer JWT whose subject is the address
 * of the model's developer, or of its token's current owner once tokenized. Every model response
 * carries its version as a strong ETag; PATCH and the lifecycle actions take it back in If-Match.
 */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@SecurityScheme(
    securitySchemeName = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT",
    description = "RS256 JWT from the platform; sub = the caller's address")
public class ModelResource {
  public static final String MERGE_PATCH = "application/merge-patch+json";

  private final ModelService service;
  private final ModelQueries queries;
  private final JsonWebToken jwt;
  private final EndpointVisibility endpoints;
  private final ObjectMapper json;
  private final String publicUrl;

  public ModelResource(
      ModelService service,
      ModelQueries queries,
      JsonWebToken jwt,
      EndpointVisibility endpoints,
      ObjectMapper json,
      CatalogSettings settings) {
    this.service = service;
    this.queries = queries;
    this.jwt = jwt;
    this.endpoints = endpoints;
    this.json = json;
    this.publicUrl = settings.publicUrl().replaceAll("/+$", "");
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Authenticated
  @SecurityRequirement(name = "bearer")
  @Operation(
      summary = "Register a model",
      description =
          "The caller becomes its developer. "
              + "The slug is derived from the name when not given.")
  @APIResponse(
      responseCode = "201",
      description = "Registered; Location points at the model, ETag is its version")
  @APIResponse(
      responseCode = "400",
      description = "Invalid body (problem details naming the field)")
  @APIResponse(responseCode = "401", description = "No valid bearer token")
  @APIResponse(responseCode = "403", description = "developer is not the caller")
  @APIResponse(responseCode = "409", description = "The slug is taken")
  public Uni<Response> register(@Valid @NotNull ModelRequest request) {
    return service
        .register(request, caller())
        .map(
            m ->
                withEtag(Response.created(URI.create("/v1/models/" + m.id)), m)
                    .entity(endpoints.withEndpoint(m.document, m.endpointUrl))
                    .build());
  }

  @GET
  @Path("/{id}")
  @Operation(
      summary = "Get a model",
      description =
          "By id or by slug. Answers 304 to a matching If-None-Match. endpointUrl is shown only"
              + " to the model's developer and owner (with their bearer token); everyone else"
              + " calls it through the gateway at invoke, paid.")
  @APIResponse(responseCode = "200", description = "The model; ETag is its version")
  @APIResponse(responseCode = "404", description = "No such model")
  public Uni<Response> get(
      @Parameter(schema = @Schema(maxLength = 64)) @PathParam("id") String idOrSlug,
      @Parameter(schema = @Schema(maxLength = 32)) @HeaderParam("If-None-Match")
          String ifNoneMatch) {
    if (ifNoneMatch != null && ifNoneMatch.length() > 32) {
      throw Invalid.field("If-None-Match", "must be an ETag this API gave (at most 32 characters)");
    }
    return Uni.combine()
        .all()
        .unis(resolve(idOrSlug).flatMap(id -> queries.document(id)), endpoints.caller())
        .asTuple()
        .map(
            t -> {
              var doc = t.getItem1();
              if (doc == null) {
                throw new NotFound("model", idOrSlug);
              }
              String etag = "\"" + doc.version() + "\"";
              if (etag.equals(ifNoneMatch)) {
                return Response.notModified(new EntityTag(Long.toString(doc.version()))).build();
              }
              String shown =
                  endpoints.document(
                      doc.json(),
                      doc.endpointUrl(),
                      t.getItem2(),
                      doc.developer(),
                      doc.tokenOwner());
              return Response.ok(shown)
                  .tag(new EntityTag(Long.toString(doc.version())))
                  .header("Vary", "Authorization")
                  .build();
            });
  }

  @PATCH
  @Path("/{id}")
  @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
  @Authenticated
  @SecurityRequirement(name = "bearer")
  @Operation(
      summary = "Change a model's description (JSON merge patch, RFC 7396)",
      description =
          "Send the fields to change; null removes an optional field; arrays are "
              + "replaced whole. developer cannot change. If-Match must carry the model's ETag.")
  @RequestBody(
      content =
          @Content(
              mediaType = MERGE_PATCH,
              examples =
                  @ExampleObject(
                      name = "retitle",
                      value =
                          "{\"summary\": \"Faster, multilingual sentiment.\", \"tags\": [\"nlp\", \"sentiment\", \"multilingual\"], \"modality\": null}")))
  @APIResponse(responseCode = "200", description = "The changed model and its new ETag")
  @APIResponse(
      responseCode = "403",
      description = "The caller is not the developer (or, once tokenized, the token's owner)")
  @APIResponse(responseCode = "409", description = "The new slug is taken")
  @APIResponse(responseCode = "412", description = "If-Match is not the current ETag: read again")
  @APIResponse(responseCode = "428", description = "If-Match is missing")
  public Uni<Response> patch(
      @Parameter(schema = @Schema(maxLength = 64)) @PathParam("id") String id,
      @Parameter(schema = @Schema(maxLength = 32)) @HeaderParam("If-Match") String ifMatch,
      String body) {
    long expected = Requests.requireIfMatch(ifMatch);
    JsonNode patch;
    try {
      patch = json.readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      throw Invalid.malformed(e.getOriginalMessage());
    }
    if (patch == null || patch.isMissingNode()) {
      throw Invalid.field("$", "a merge patch must be a JSON object");
    }
    return service.patch(Requests.modelId(id), expected, patch, caller()).map(this::ok);
  }

  @POST
  @Path("/{id}/delist")
  @Authenticated
  @SecurityRequirement(name = "bearer")
  @Operation(
      summary = "Take a model out of search",
      description = "It stays readable by id. If-Match is optional.")
  public Uni<Response> delist(
      @Parameter(schema = @Schema(maxLength = 64)) @PathParam("id") String id,
      @Parameter(schema = @Schema(maxLength = 32)) @HeaderParam("If-Match") String ifMatch) {
    return service
        .setDelisted(Requests.modelId(id), true, caller(), Requests.optionalIfMatch(ifMatch))
        .map(this::ok);
  }

  @POST
  @Path("/{id}/relist")
  @Authenticated
  @SecurityRequirement(name = "bearer")
  @Operation(summary = "Put a delisted model back in search, in its previous state")
  public Uni<Response> relist(
      @Parameter(schema = @Schema(maxLength = 64)) @PathParam("id") String id,
      @Parameter(schema = @Schema(maxLength = 32)) @HeaderParam("If-Match") String ifMatch) {
    return service
        .setDelisted(Requests.modelId(id), false, caller(), Requests.optionalIfMatch(ifMatch))
        .map(this::ok);
  }

  @POST
  @Path("/{id}/deprecate")
  @Authenticated
  @SecurityRequirement(name = "bearer")
  @Operation(summary = "Mark a model deprecated (it stays listed)")
  public Uni<Response> deprecate(
      @Parameter(schema = @Schema(maxLength = 64)) @PathParam("id") String id,
      @Parameter(schema = @Schema(maxLength = 32)) @HeaderParam("If-Match") String ifMatch) {
    return service
        .setDeprecated(Requests.modelId(id), true, caller(), Requests.optionalIfMatch(ifMatch))
        .map(this::ok);
  }

  @POST
  @Path("/{id}/undeprecate")
  @Authenticated
  @SecurityRequirement(name = "bearer")
  @Operation(summary = "Lift a deprecation")
  public Uni<Response> undeprecate(
      @Parameter(schema = @Schema(maxLength = 64)) @PathParam("id") String id,
      @Parameter(schema = @Schema(maxLength = 32)) @HeaderParam("If-Match") String ifMatch) {
    return service
        .setDeprecated(Requests.modelId(id), false, caller(), Requests.optionalIfMatch(ifMatch))
        .map(this::ok);
  }

  @GET
  @Path("/{id}/token-metadata")
  @Operation(
      summary = "ERC-721 metadata of the model token",
      description =
          "Point the token's metadataUri here so wallets and marketplaces show the model.")
  public Uni<TokenMetadata> tokenMetadata(
      @Parameter(schema = @Schema(maxLength = 64)) @PathParam("id") String idOrSlug) {
    return resolve(idOrSlug)
        .flatMap(service::find)
        .map(
            m -> {
              if (m == null) {
                throw new NotFound("model", idOrSlug);
              }
              return TokenMetadata.of(m, publicUrl);
            });
  }

  /** The page of a search: documents as stored, and the cursor of the next page. */
  @GET
  @Operation(
      summary = "Search models",
      description =
          "Full-text query (ranked), filters, sort "
              + "and cursor pagination. Delisted models appear only with state=delisted. Price filters "
              + "and sort=price use a model's cheapest pay-per-use price (base units).")
  @APIResponse(
      responseCode = "200",
      description = "{\"items\": [model...], \"nextCursor\": string or null}")
  public Uni<Response> search(@BeanParam SearchParams params) {
    Search s = params.toSearch();
    return queries
        .search(s)
        // a cursor that decodes but whose key the database cannot read was tampered with
        .onFailure(
            e ->
                s.afterKey() != null
                    && e instanceof io.vertx.pgclient.PgException pg
                    && pg.getSqlState() != null
                    && pg.getSqlState().startsWith("22"))
        .transform(e -> SearchParams.badCursor())
        .map(
            page -> {
              StringBuilder out =
                  new StringBuilder(64 + page.documents().size() * 1024).append("{\"items\":[");
              for (int i = 0; i < page.documents().size(); i++) {
                out.append(i == 0 ? "" : ",").append(page.documents().get(i));
              }
              out.append("],\"nextCursor\":");
              if (page.lastId() == null) {
                out.append("null");
              } else {
                out.append('"')
                    .append(SearchParams.encodeCursor(s.sort(), page.lastKey(), page.lastId()))
                    .append('"');
              }
              return Response.ok(out.append('}').toString()).build();
            });
  }

  // ------------------------------------------------------------------ helpers

  private Response ok(Model m) {
    return withEtag(Response.ok(), m)
        .entity(endpoints.withEndpoint(m.document, m.endpointUrl))
        .build();
  }

  private static Response.ResponseBuilder withEtag(Response.ResponseBuilder b, Model m) {
    return b.tag(new EntityTag(Long.toString(m.version))).type(MediaType.APPLICATION_JSON);
  }

  private Uni<UUID> resolve(String idOrSlug) {
    try {
      return Uni.createFrom().item(UUID.fromString(idOrSlug));
    } catch (IllegalArgumentException e) {
      if (!idOrSlug.matches(ModelRequest.SLUG) || idOrSlug.length() > 64) {
        return Uni.createFrom().failure(new NotFound("model", "with that id or slug"));
      }
      return queries
          .idBySlug(idOrSlug)
          .map(
              id -> {
                if (id == null) {
                  throw new NotFound("model", idOrSlug);
                }
                return id;
              });
    }
  }

  private String caller() {
    return Requests.caller(jwt);
  }
}
