package io.soa.payment.rest;

import io.smallrye.mutiny.Uni;
import io.soa.payment.api.ChannelView;
import io.soa.payment.api.ChargeRequest;
import io.soa.payment.service.PaymentReports;
import io.soa.platform.error.NotFound;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigInteger;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Channels as the service sees them (the chain's state is public anyway). */
@Path("/v1/channels")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelResource {
  private final PaymentReports reports;

  public ChannelResource(PaymentReports reports) {
    this.reports = reports;
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "A channel: deposit, covered, charged, credit, claimed on chain, expiry")
  public Uni<ChannelView> get(
      @Parameter(schema = @Schema(maxLength = 78)) @PathParam("id") String id) {
    if (!id.matches(ChargeRequest.UINT)) {
      throw new NotFound("channel", "with that id");
    }
    return reports.channel(new BigInteger(id)).map(ChannelView::of);
  }
}
