package io.soa.catalog.rest;

import io.smallrye.mutiny.Uni;
import io.soa.catalog.api.MarketViews.Market;
import io.soa.catalog.service.MarketService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** A model's market: its token's and its licences' listings and sales. */
@Path("/v1/models/{id}/market")
@Produces(MediaType.APPLICATION_JSON)
public class MarketResource {
  private final MarketService market;

  public MarketResource(MarketService market) {
    this.market = market;
  }

  @GET
  @Operation(
      summary = "A model's market",
      description =
          "The model token's open listing, its licences' open listings (cheapest first), the"
              + " floor price of those still held by their seller, the last sale and the last 50"
              + " sales of either, newest first. Empty until the model is tokenized.")
  @APIResponse(responseCode = "200", description = "The market")
  @APIResponse(responseCode = "404", description = "No such model")
  public Uni<Market> market(
      @Parameter(schema = @Schema(maxLength = 64)) @PathParam("id") String id) {
    return market.market(Requests.modelId(id));
  }
}
