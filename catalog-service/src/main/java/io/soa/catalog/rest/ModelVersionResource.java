package io.soa.catalog.rest;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.soa.catalog.api.ModelRequest;
import io.soa.catalog.api.VersionView;
import io.soa.catalog.service.ModelVersionService;
import io.soa.platform.validation.CleanText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** HTTP API of a model's published versions: open reads, writes by whoever may change the model. */
@Path("/v1/models/{id}/versions")
@Produces(MediaType.APPLICATION_JSON)
public class ModelVersionResource {
  private final ModelVersionService service;
  private final JsonWebToken jwt;

  public ModelVersionResource(ModelVersionService service, JsonWebToken jwt) {
    this.service = service;
    this.jwt = jwt;
  }

  @POST
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
      @Parameter(schema = @Schema(maxLength = 64)) @PathParam("id") String id,
      @Valid @NotNull ModelRequest.VersionRequest request) {
    return service
        .publishVersion(Requests.modelId(id), request, Requests.caller(jwt))
        .map(
            v ->
                Response.created(URI.create("/v1/models/" + v.modelId + "/versions/" + v.version))
                    .entity(VersionView.of(v))
                    .build());
  }

  @GET
  @Operation(summary = "A model's versions, newest first")
  public Uni<List<VersionView>> versions(
      @Parameter(schema = @Schema(maxLength = 64)) @PathParam("id") String id) {
    return service
        .versions(Requests.modelId(id))
        .map(l -> l.stream().map(VersionView::of).toList());
  }

  @GET
  @Path("/{version}")
  @Operation(summary = "One published version")
  public Uni<VersionView> version(
      @Parameter(schema = @Schema(maxLength = 64)) @PathParam("id") String id,
      @Parameter(schema = @Schema(maxLength = 64)) @PathParam("version") String version) {
    CleanText.require("version", version);
    return service.version(Requests.modelId(id), version).map(VersionView::of);
  }
}
