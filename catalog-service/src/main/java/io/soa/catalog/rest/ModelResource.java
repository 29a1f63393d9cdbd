package io.soa.catalog.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.soa.catalog.domain.Model;
import io.soa.catalog.domain.ModelState;
import io.soa.catalog.repository.ModelQueries;
import io.soa.catalog.repository.ModelQueries.Search;
import io.soa.catalog.repository.ModelQueries.Sort;
import io.soa.catalog.service.ModelService;
import io.soa.platform.problem.ProblemException;
import io.soa.platform.types.Address;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
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
  private final ObjectMapper json;
  private final String publicUrl;

  public ModelResource(
      ModelService service,
      ModelQueries queries,
      JsonWebToken jwt,
      ObjectMapper json,
      @ConfigProperty(name = "soa.catalog.public-url") String publicUrl) {
    this.service = service;
    this.queries = queries;
    this.jwt = jwt;
    this.json = json;
    this.publicUrl = publicUrl.replaceAll("/+$", "");
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
                    .entity(m.document)
                    .build());
  }

  @GET
  @Path("/{id}")
  @Operation(
      summary = "Get a model",
      description = "By id or by slug. Answers 304 to a " + "matching If-None-Match.")
  @APIResponse(responseCode = "200", description = "The model; ETag is its version")
  @APIResponse(responseCode = "404", description = "No such model")
  public Uni<Response> get(
      @PathParam("id") String idOrSlug, @HeaderParam("If-None-Match") String ifNoneMatch) {
    return resolve(idOrSlug)
        .flatMap(id -> queries.document(id))
        .map(
            doc -> {
              if (doc == null) {
                throw ProblemException.notFound("model", idOrSlug);
              }
              String etag = "\"" + doc.version() + "\"";
              if (etag.equals(ifNoneMatch)) {
                return Response.notModified(new EntityTag(Long.toString(doc.version()))).build();
              }
              return Response.ok(doc.json())
                  .tag(new EntityTag(Long.toString(doc.version())))
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
      @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, String body) {
    long expected = requireIfMatch(ifMatch);
    JsonNode patch;
    try {
      patch = json.readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      throw new ProblemException(400, "malformed-json", "Malformed JSON", e.getOriginalMessage());
    }
    if (patch == null || patch.isMissingNode()) {
      throw ProblemException.invalid("$", "a merge patch must be a JSON object");
    }
    return service.patch(parseId(id), expected, patch, caller()).map(this::ok);
  }

  @POST
  @Path("/{id}/delist")
  @Authenticated
  @SecurityRequirement(name = "bearer")
  @Operation(
      summary = "Take a model out of search",
      description = "It stays readable by id. If-Match is optional.")
  public Uni<Response> delist(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
    return service.setDelisted(parseId(id), true, caller(), optionalIfMatch(ifMatch)).map(this::ok);
  }

  @POST
  @Path("/{id}/relist")
  @Authenticated
  @SecurityRequirement(name = "bearer")
  @Operation(summary = "Put a delisted model back in search, in its previous state")
  public Uni<Response> relist(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
    return service
        .setDelisted(parseId(id), false, caller(), optionalIfMatch(ifMatch))
        .map(this::ok);
  }

  @POST
  @Path("/{id}/deprecate")
  @Authenticated
  @SecurityRequirement(name = "bearer")
  @Operation(summary = "Mark a model deprecated (it stays listed)")
  public Uni<Response> deprecate(
      @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
    return service
        .setDeprecated(parseId(id), true, caller(), optionalIfMatch(ifMatch))
        .map(this::ok);
  }

  @POST
  @Path("/{id}/undeprecate")
  @Authenticated
  @SecurityRequirement(name = "bearer")
  @Operation(summary = "Lift a deprecation")
  public Uni<Response> undeprecate(
      @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
    return service
        .setDeprecated(parseId(id), false, caller(), optionalIfMatch(ifMatch))
        .map(this::ok);
  }

  @POST
  @Path("/{id}/versions")
  @Consumes(MediaType.APPLICATION_JSON)
  @Authenticated
  @SecurityRequirement(name = "bearer")
  @Operation(
      summary = "Publish an immutable version",
      description =
          "It must rank above the "
              + "latest version by semantic-versioning precedence, and becomes the model's latest.")
  @APIResponse(responseCode = "201", description = "Published")
  @APIResponse(
      responseCode = "409",
      description = "Not above the latest version (or already published)")
  public Uni<Response> publishVersion(
      @PathParam("id") String id, @Valid @NotNull ModelRequest.VersionRequest request) {
    return service
        .publishVersion(parseId(id), request, caller())
        .map(
            v ->
                Response.created(URI.create("/v1/models/" + v.modelId + "/versions/" + v.version))
                    .entity(VersionView.of(v))
                    .build());
  }

  @GET
  @Path("/{id}/versions")
  @Operation(summary = "A model's versions, newest first")
  public Uni<List<VersionView>> versions(@PathParam("id") String id) {
    return service.versions(parseId(id)).map(l -> l.stream().map(VersionView::of).toList());
  }

  @GET
  @Path("/{id}/versions/{version}")
  @Operation(summary = "One published version")
  public Uni<VersionView> version(
      @PathParam("id") String id, @PathParam("version") String version) {
    io.soa.platform.problem.CleanText.require("version", version);
    return service.version(parseId(id), version).map(VersionView::of);
  }

  @GET
  @Path("/{id}/token-metadata")
  @Operation(
      summary = "ERC-721 metadata of the model token",
      description =
          "Point the token's metadataUri here so wallets and marketplaces show the model.")
  public Uni<TokenMetadata> tokenMetadata(@PathParam("id") String idOrSlug) {
    return resolve(idOrSlug)
        .flatMap(service::find)
        .map(
            m -> {
              if (m == null) {
                throw ProblemException.notFound("model", idOrSlug);
              }
              return metadataOf(m);
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
  public Uni<Response> search(
      @Parameter(
              description = "Words to find (web search syntax: quotes, -word, or)",
              example = "sentiment classifier")
          @QueryParam("q")
          String q,
      @QueryParam("task") String task,
      @QueryParam("framework") String framework,
      @QueryParam("modality") String modality,
      @QueryParam("tag") String tag,
      @Parameter(description = "Address: the token owner, or the developer before tokenization")
          @QueryParam("owner")
          String owner,
      @Parameter(description = "draft, tokenized, deprecated or delisted") @QueryParam("state")
          String state,
      @Parameter(description = "true: only models with a pay-per-use price; false: only without")
          @QueryParam("payPerUse")
          String payPerUse,
      @QueryParam("minPrice") String minPrice,
      @QueryParam("maxPrice") String maxPrice,
      @Parameter(description = "relevance (default with q), newest (default), oldest, name, price")
          @QueryParam("sort")
          String sort,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    for (var p :
        java.util.Map.of(
                "q",
                java.util.Optional.ofNullable(q),
                "task",
                java.util.Optional.ofNullable(task),
                "framework",
                java.util.Optional.ofNullable(framework),
                "modality",
                java.util.Optional.ofNullable(modality),
                "tag",
                java.util.Optional.ofNullable(tag))
            .entrySet()) {
      p.getValue().ifPresent(v -> io.soa.platform.problem.CleanText.require(p.getKey(), v));
    }
    Sort order =
        sort == null
            ? (q != null && !q.isBlank() ? Sort.RELEVANCE : Sort.NEWEST)
            : parseEnum(Sort.class, "sort", sort);
    String query = q == null || q.isBlank() ? null : q.strip();
    if (query != null && query.length() > 200) {
      throw ProblemException.invalid("q", "must be at most 200 characters");
    }
    if (order == Sort.RELEVANCE && query == null) {
      throw ProblemException.invalid("sort", "relevance needs a query q");
    }
    int n = limit == null ? 20 : parseInt("limit", limit, 1, 100);
    String afterKey = null;
    UUID afterId = null;
    if (cursor != null) {
      String[] c = decodeCursor(cursor);
      if (!c[0].equals(order.name())) {
        throw ProblemException.invalid(
            "cursor", "was made for sort=" + c[0].toLowerCase(Locale.ROOT));
      }
      afterKey = c[1];
      afterId = UUID.fromString(c[2]);
    }
    Search s =
        new Search(
            query,
            blankToNull(task),
            blankToNull(framework),
            blankToNull(modality),
            tag == null ? null : tag.strip().toLowerCase(Locale.ROOT),
            owner == null ? null : address("owner", owner),
            state == null ? null : parseEnum(ModelState.class, "state", state),
            payPerUse == null ? null : parseBoolean("payPerUse", payPerUse),
            amount("minPrice", minPrice),
            amount("maxPrice", maxPrice),
            order,
            n,
            afterKey,
            afterId);
    boolean paged = afterKey != null;
    return queries
        .search(s)
        .onFailure(
            e ->
                paged
                    && e instanceof io.vertx.pgclient.PgException pg
                    && pg.getSqlState() != null
                    && pg.getSqlState().startsWith("22"))
        .transform(
            e ->
                ProblemException.invalid(
                    "cursor", "not a cursor of this API; pass nextCursor as given"))
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
                    .append(encodeCursor(order, page.lastKey(), page.lastId()))
                    .append('"');
              }
              return Response.ok(out.append('}').toString()).build();
            });
  }

  // ------------------------------------------------------------------ helpers

  private TokenMetadata metadataOf(Model m) {
    List<TokenMetadata.Attribute> attrs = new java.util.ArrayList<>();
    attr(attrs, "Task", m.task);
    attr(attrs, "Framework", m.framework);
    attr(attrs, "Modality", m.modality);
    attr(attrs, "State", m.state.wire());
    attr(attrs, "Latest version", m.latestVersion);
    attr(attrs, "Developer", m.developer);
    attrs.add(new TokenMetadata.Attribute("Features", m.features.size(), "number"));
    m.tags.forEach(t -> attr(attrs, "Tag", t));
    String description =
        m.summary != null
            ? m.summary
            : m.description == null
                ? null
                : m.description.length() > 1000 ? m.description.substring(0, 1000) : m.description;
    return new TokenMetadata(m.name, description, publicUrl + "/v1/models/" + m.id, null, attrs);
  }

  private static void attr(List<TokenMetadata.Attribute> attrs, String trait, String value) {
    if (value != null && !value.isBlank()) {
      attrs.add(new TokenMetadata.Attribute(trait, value, null));
    }
  }

  private Response ok(Model m) {
    return withEtag(Response.ok(), m).entity(m.document).build();
  }

  private static Response.ResponseBuilder withEtag(Response.ResponseBuilder b, Model m) {
    return b.tag(new EntityTag(Long.toString(m.version))).type(MediaType.APPLICATION_JSON);
  }

  /** The caller's address: the token's subject. */
  private String caller() {
    String sub = jwt.getSubject();
    if (sub == null || !Address.isValid(sub)) {
      throw new ProblemException(
          403,
          "forbidden",
          "Forbidden",
          "the token's subject must be an address (0x followed by 40 hex digits)");
    }
    return Address.of(sub).value();
  }

  private Uni<UUID> resolve(String idOrSlug) {
    try {
      return Uni.createFrom().item(UUID.fromString(idOrSlug));
    } catch (IllegalArgumentException e) {
      if (!idOrSlug.matches(ModelRequest.SLUG) || idOrSlug.length() > 64) {
        return Uni.createFrom().failure(ProblemException.notFound("model", "with that id or slug"));
      }
      return queries
          .idBySlug(idOrSlug)
          .map(
              id -> {
                if (id == null) {
                  throw ProblemException.notFound("model", idOrSlug);
                }
                return id;
              });
    }
  }

  private static UUID parseId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("model", id);
    }
  }

  private static long requireIfMatch(String ifMatch) {
    if (ifMatch == null) {
      throw new ProblemException(
          428,
          "if-match-required",
          "Precondition required",
          "send If-Match with the model's ETag (from GET) so concurrent changes are not lost");
    }
    return optionalIfMatch(ifMatch);
  }

  private static Long optionalIfMatch(String ifMatch) {
    if (ifMatch == null) {
      return null;
    }
    String v = ifMatch.strip();
    if (v.startsWith("W/")) {
      v = v.substring(2);
    }
    v = v.replace("\"", "");
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ProblemException(
          412,
          "stale-etag",
          "Precondition failed",
          "If-Match " + ifMatch + " is not an ETag of this API");
    }
  }

  private static String encodeCursor(Sort sort, String key, UUID id) {
    String raw = sort.name() + "\n" + key + "\n" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static String[] decodeCursor(String cursor) {
    try {
      String[] c =
          new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", -1);
      if (c.length != 3) {
        throw new IllegalArgumentException();
      }
      Sort.valueOf(c[0]);
      UUID.fromString(c[2]);
      return c;
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid(
          "cursor", "not a cursor of this API; pass nextCursor as given");
    }
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String field, String value) {
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid(
          field,
          "must be one of "
              + java.util.Arrays.stream(type.getEnumConstants())
                  .map(c -> c.name().toLowerCase(Locale.ROOT))
                  .toList());
    }
  }

  private static int parseInt(String field, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ProblemException.invalid(field, "must be an integer from " + min + " to " + max);
  }

  private static boolean parseBoolean(String field, String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ProblemException.invalid(field, "must be true or false");
    };
  }

  private static BigInteger amount(String field, String value) {
    if (value == null) {
      return null;
    }
    if (!value.matches("^(0|[1-9][0-9]{0,77})$")) {
      throw ProblemException.invalid(field, "must be a non-negative integer of base units");
    }
    return new BigInteger(value);
  }

  private static String address(String field, String value) {
    if (!Address.isValid(value)) {
      throw ProblemException.invalid(field, "must be an address: 0x followed by 40 hex digits");
    }
    return Address.of(value).value();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
