package io.soa.catalog.rest;

import io.smallrye.mutiny.Uni;
import io.soa.catalog.api.MarketViews.Tier;
import io.soa.catalog.service.MarketService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** A model's licence tiers, from the chain, with links to their terms. */
@Path("/v1/models/{id}/tiers")
@Produces(MediaType.APPLICATION_JSON)
public class TierResource {
  private final MarketService market;

  public TierResource(MarketService market) {
    this.market = market;
  }

  @GET
  @Operation(
      summary = "A model's licence tiers",
      description =
          "From the chain: price, duration, call quota, supply and what is left of it, the"
              + " features covered (none: every feature), and the terms document's URL, or"
              + " 'terms not published' while none with the tier's digest was uploaded.")
  @APIResponse(responseCode = "200", description = "The tiers, oldest first")
  @APIResponse(responseCode = "404", description = "No such model")
  public Uni<List<Tier>> tiers(
      @Parameter(schema = @Schema(maxLength = 64)) @PathParam("id") String id) {
    return market.tiers(Requests.modelId(id));
  }
}
