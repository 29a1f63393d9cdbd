package io.soa.catalog.rest;

import io.smallrye.mutiny.Uni;
import io.soa.catalog.service.ModelService;
import io.soa.platform.problem.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/** HTTP API of catalog models. */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ModelResource {
  private final ModelService service;

  public ModelResource(ModelService service) {
    this.service = service;
  }

  @POST
  @Operation(summary = "Register a model")
  @APIResponse(responseCode = "201", description = "Registered; Location points at the model")
  @APIResponse(responseCode = "400", description = "Invalid body (problem details naming the field)")
  public Uni<RestResponse<ModelView>> register(@Valid @NotNull RegisterModelRequest request) {
    return service.register(request).map(m -> RestResponse.ResponseBuilder
        .<ModelView>created(URI.create("/v1/models/" + m.id)).entity(ModelView.of(m)).build());
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "Get a model")
  @APIResponse(responseCode = "404", description = "No such model")
  public Uni<ModelView> get(@PathParam("id") String id) {
    UUID uuid = parseId(id);
    return service.find(uuid)
        .onItem().ifNull().failWith(() -> ProblemException.notFound("model", id))
        .map(ModelView::of);
  }

  private static UUID parseId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("model", id);
    }
  }
}
