package io.soa.payment.rest;

import io.smallrye.mutiny.Uni;
import io.soa.payment.service.PaymentReports;
import io.soa.platform.error.Invalid;
import io.soa.platform.openapi.SharedSchemas;
import io.soa.platform.types.Address;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** What a model owner earned: charged per model and feature, paid out, pending. */
@Path("/v1/earnings")
@Produces(MediaType.APPLICATION_JSON)
public class EarningsResource {
  private final PaymentReports reports;

  public EarningsResource(PaymentReports reports) {
    this.reports = reports;
  }

  @GET
  @Operation(
      summary = "An owner's earnings",
      description =
          "paid: what the escrow paid the address, net of fees (confirmed claims). For each model"
              + " it owns now: pending (charged, not yet in a claim), inTransit (in a claim"
              + " transaction the chain has not confirmed), and per feature charged (accepted, not"
              + " released). x402, per model it owns: its payee (where every x402 payment for it"
              + " goes; the payee's release pays the owner of the day), exactPaid (exact transfers"
              + " settled here), channelsOwed and channelsSettled (batch-settlement charges not yet"
              + " and already claimed and settled to the payee). Gross amounts, $SOA base units,"
              + " decimal strings.")
  public Uni<Map<String, Object>> earnings(
      @Parameter(schema = @Schema(ref = SharedSchemas.ADDRESS)) @QueryParam("owner") String owner) {
    if (owner == null || !Address.isValid(owner)) {
      throw Invalid.field("owner", "must be an address: 0x followed by 40 hex digits");
    }
    return reports.earnings(Address.of(owner).value());
  }
}
