package io.soa.catalog.rest;

import io.smallrye.mutiny.Uni;
import io.soa.catalog.api.MarketViews.ListingPage;
import io.soa.catalog.repository.MarketQueries;
import io.soa.catalog.repository.MarketQueries.ListingSearch;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The marketplace's listings of model tokens and licence tokens, as the chain made them. */
@Path("/v1/listings")
@Produces(MediaType.APPLICATION_JSON)
public class ListingResource {
  private final MarketQueries queries;

  public ListingResource(MarketQueries queries) {
    this.queries = queries;
  }

  @GET
  @Operation(
      summary = "Search listings",
      description =
          "Open listings by default (active=false: cancelled or sold; any: all). Filter by kind"
              + " (model, license), catalog model, seller and price range (base units); sort by"
              + " newest, oldest or price; cursor pages. sellerHolds is false when the seller no"
              + " longer holds the token, which the marketplace would refuse to sell.")
  @APIResponse(responseCode = "200", description = "{\"items\": [listing...], \"nextCursor\"}")
  @APIResponse(responseCode = "400", description = "A bad parameter, named in errors")
  public Uni<ListingPage> search(@BeanParam ListingParams params) {
    UUID model = params.modelId();
    Uni<String> token = model == null ? Uni.createFrom().nullItem() : queries.modelToken(model);
    return token.flatMap(
        t -> {
          if (model != null && t == null) {
            params.toSearch(null); // still reports bad parameters
            return Uni.createFrom().item(new ListingPage(List.of(), null));
          }
          ListingSearch s = params.toSearch(t);
          return queries
              .listings(s)
              .onFailure(
                  e ->
                      s.afterKey() != null
                          && e instanceof io.vertx.pgclient.PgException pg
                          && pg.getSqlState() != null
                          && pg.getSqlState().startsWith("22"))
              .transform(e -> ListingParams.badCursor())
              .map(
                  page ->
                      new ListingPage(
                          page.items(),
                          page.lastId() == null
                              ? null
                              : ListingParams.encodeCursor(
                                  s.sort(), page.lastKey(), page.lastId())));
        });
  }
}
