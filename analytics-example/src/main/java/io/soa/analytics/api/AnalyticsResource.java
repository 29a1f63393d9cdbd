package io.soa.analytics.api;

import io.soa.analytics.view.Dashboard;
import io.soa.analytics.view.Snapshot;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The dashboard's data: what the page at {@code /} polls. */
@Path("/v1/analytics")
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {
  static final int MAX_MINUTES = 1440;
  private final Dashboard dashboard;

  AnalyticsResource(Dashboard dashboard) {
    this.dashboard = dashboard;
  }

  @GET
  @Operation(
      summary = "Revenue, access decisions, sales and settlement, as of now",
      description =
          "Per-minute series cover the last `minutes` minutes; totals cover everything on the"
              + " topics. Amounts are decimal strings of $SOA base units.")
  public Snapshot snapshot(
      @Parameter(
              schema =
                  @Schema(
                      type = SchemaType.INTEGER,
                      minimum = "1",
                      maximum = "" + MAX_MINUTES,
                      defaultValue = "60"))
          @QueryParam("minutes")
          @DefaultValue("60")
          String minutes) {
    int m;
    try {
      m = Integer.parseInt(minutes);
    } catch (NumberFormatException e) {
      m = -1;
    }
    if (m < 1 || m > MAX_MINUTES) {
      throw new Problems.BadParameter("minutes", "must be a whole number from 1 to " + MAX_MINUTES);
    }
    return dashboard.snapshot(m);
  }
}
