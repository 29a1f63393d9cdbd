package io.soa.payment.rest;

import io.smallrye.mutiny.Uni;
import io.soa.payment.domain.Accounts;
import io.soa.payment.repository.PaymentStore;
import io.soa.platform.error.Invalid;
import io.soa.platform.types.Address;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** What a model owner earned: charged per model and feature, paid out, pending. */
@Path("/v1/earnings")
@Produces(MediaType.APPLICATION_JSON)
public class EarningsResource {
  private final PaymentStore store;

  public EarningsResource(PaymentStore store) {
    this.store = store;
  }

  @GET
  @Operation(
      summary = "An owner's earnings",
      description =
          "paid: what the escrow paid the address, net of fees (confirmed claims). For each model"
              + " it owns now: pending (charged, not yet in a claim), inTransit (in a claim"
              + " transaction the chain has not confirmed), and per feature charged (accepted, not"
              + " released). Gross amounts, $SOA base units, decimal strings.")
  public Uni<Map<String, Object>> earnings(
      @Parameter(
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      pattern = "^0x[0-9a-fA-F]{40}$",
                      maxLength = 42))
          @QueryParam("owner")
          String owner) {
    if (owner == null || !Address.isValid(owner)) {
      throw Invalid.field("owner", "must be an address: 0x followed by 40 hex digits");
    }
    String address = Address.of(owner).value();
    return store
        .balance(Accounts.paid(address))
        .flatMap(
            paid ->
                store
                    .pool()
                    .preparedQuery(
                        """
                        SELECT o.model_id, c.feature, sum(c.amount) AS charged,
                               (SELECT COALESCE(sum(p.amount), 0) FROM posting p
                                WHERE p.account = 'model:' || o.model_id || ':earned') AS pending,
                               (SELECT COALESCE(sum(i.in_transit), 0) FROM settlement_item i
                                WHERE i.model_id = o.model_id AND i.state = 'in-flight')
                                 AS in_transit
                        FROM model_owner o JOIN charge c ON c.model_id = o.model_id
                        WHERE o.owner = $1 AND c.released_at IS NULL
                        GROUP BY o.model_id, c.feature ORDER BY o.model_id, c.feature""")
                    .execute(Tuple.of(address))
                    .map(
                        rows -> {
                          Map<String, Map<String, Object>> models = new LinkedHashMap<>();
                          for (Row r : rows) {
                            String model = r.getBigDecimal("model_id").toPlainString();
                            Map<String, Object> m =
                                models.computeIfAbsent(
                                    model,
                                    k -> {
                                      Map<String, Object> x = new LinkedHashMap<>();
                                      x.put("modelId", k);
                                      x.put(
                                          "pending",
                                          r.getBigDecimal("pending")
                                              .toBigIntegerExact()
                                              .toString());
                                      x.put(
                                          "inTransit",
                                          r.getBigDecimal("in_transit")
                                              .toBigIntegerExact()
                                              .toString());
                                      x.put("features", new ArrayList<Map<String, String>>());
                                      return x;
                                    });
                            @SuppressWarnings("unchecked")
                            List<Map<String, String>> features =
                                (List<Map<String, String>>) m.get("features");
                            features.add(
                                Map.of(
                                    "feature",
                                    r.getString("feature"),
                                    "charged",
                                    r.getBigDecimal("charged").toBigIntegerExact().toString()));
                          }
                          Map<String, Object> out = new LinkedHashMap<>();
                          out.put("owner", address);
                          out.put("paid", paid.toString());
                          out.put("models", new ArrayList<>(models.values()));
                          return out;
                        }));
  }
}
