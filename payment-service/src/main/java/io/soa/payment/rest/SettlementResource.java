package io.soa.payment.rest;

import io.smallrye.mutiny.Uni;
import io.soa.payment.api.ChargeRequest;
import io.soa.payment.repository.PaymentStore;
import io.soa.payment.service.Settler;
import io.soa.platform.error.Invalid;
import io.soa.platform.error.NotFound;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Settlements on demand and as they went; the reconciliation of off-chain against on-chain. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class SettlementResource {
  private final Settler settler;
  private final PaymentStore store;
  private final io.soa.payment.repository.ModelOwners owners;
  private final org.eclipse.microprofile.jwt.JsonWebToken jwt;

  public SettlementResource(
      Settler settler,
      PaymentStore store,
      io.soa.payment.repository.ModelOwners owners,
      org.eclipse.microprofile.jwt.JsonWebToken jwt) {
    this.settler = settler;
    this.store = store;
    this.owners = owners;
    this.jwt = jwt;
  }

  @POST
  @Path("/settlements")
  @RolesAllowed("**")
  @SecurityRequirement(name = "jwt")
  @Operation(
      summary = "Settle now",
      description =
          "Sends claimBatch now for every channel of modelId (or of every model) with charges not"
              + " yet claimed, e.g. before the model token is sold. Returns the settlements sent."
              + " The model's owner (as the chain says) may settle it; every model, or any model,"
              + " needs a token of the group 'operator' (403 settlement-not-allowed otherwise):"
              + " settling spends the settlement key's gas.")
  @APIResponse(responseCode = "403", description = "settlement-not-allowed")
  public Uni<Map<String, Object>> settle(
      @Parameter(
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      pattern = "^(0|[1-9][0-9]{0,77})$",
                      maxLength = 78))
          @QueryParam("modelId")
          String modelId) {
    if (modelId != null && !modelId.matches(ChargeRequest.UINT)) {
      throw Invalid.field("modelId", "must be an on-chain model id (decimal)");
    }
    Uni<Void> allowed =
        jwt.getGroups().contains("operator")
            ? Uni.createFrom().voidItem()
            : modelId == null
                ? Uni.createFrom().failure(notAllowed("settling every model is for operators"))
                : owners
                    .owner(new java.math.BigInteger(modelId))
                    .map(
                        owner -> {
                          if (!owner.orElse("").equalsIgnoreCase(jwt.getSubject())) {
                            throw notAllowed(
                                "only model " + modelId + "'s owner or an operator may settle it");
                          }
                          return null;
                        });
    return allowed
        .chain(() -> settler.settleNow(modelId))
        .map(ids -> Map.of("settlements", ids.stream().map(UUID::toString).toList()));
  }

  private static io.soa.platform.error.Forbidden notAllowed(String why) {
    return new io.soa.platform.error.Forbidden("settlement-not-allowed", why);
  }

  @GET
  @Path("/settlements")
  @Operation(summary = "The latest settlements, newest first (at most 1,000)")
  public Uni<List<Map<String, Object>>> settlements() {
    return store
        .pool()
        .query(
            "SELECT settlement_id, state, reason, tx_hash, created_at, confirmed_at,"
                + " (SELECT count(*) FROM settlement_item i WHERE i.settlement_id ="
                + " s.settlement_id) AS channels FROM settlement s ORDER BY created_at DESC LIMIT"
                + " 1000")
        .execute()
        .map(
            rows -> {
              List<Map<String, Object>> out = new ArrayList<>();
              for (Row r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("settlementId", r.getUUID("settlement_id").toString());
                m.put("state", r.getString("state"));
                m.put("reason", r.getString("reason"));
                m.put("txHash", r.getString("tx_hash"));
                m.put("channels", r.getLong("channels"));
                m.put("createdAt", r.getOffsetDateTime("created_at"));
                m.put("confirmedAt", r.getOffsetDateTime("confirmed_at"));
                out.add(m);
              }
              return out;
            });
  }

  @GET
  @Path("/settlements/{id}")
  @Operation(summary = "A settlement and its channels")
  public Uni<Map<String, Object>> settlement(
      @Parameter(schema = @Schema(maxLength = 78)) @PathParam("id") String id) {
    UUID sid;
    try {
      sid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new NotFound("settlement", "with that id");
    }
    return store
        .pool()
        .preparedQuery(
            "SELECT s.state, s.reason, s.tx_hash, s.error, s.created_at, s.confirmed_at,"
                + " i.channel_id, i.cumulative_amount, i.state AS item_state, i.skip_reason,"
                + " i.paid, i.fee FROM settlement s LEFT JOIN settlement_item i USING"
                + " (settlement_id) WHERE s.settlement_id = $1 ORDER BY i.channel_id")
        .execute(Tuple.of(sid))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new NotFound("settlement", id);
              }
              Map<String, Object> out = new LinkedHashMap<>();
              List<Map<String, Object>> items = new ArrayList<>();
              for (Row r : rows) {
                if (out.isEmpty()) {
                  out.put("settlementId", id);
                  out.put("state", r.getString("state"));
                  out.put("reason", r.getString("reason"));
                  out.put("txHash", r.getString("tx_hash"));
                  out.put("error", r.getString("error"));
                  out.put("createdAt", r.getOffsetDateTime("created_at"));
                  out.put("confirmedAt", r.getOffsetDateTime("confirmed_at"));
                }
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("channelId", text(r, "channel_id"));
                item.put("cumulativeAmount", text(r, "cumulative_amount"));
                item.put("state", r.getString("item_state"));
                item.put("skipReason", r.getString("skip_reason"));
                item.put("paid", text(r, "paid"));
                item.put("fee", text(r, "fee"));
                items.add(item);
              }
              out.put("channels", items);
              return out;
            });
  }

  @GET
  @Path("/reconciliation")
  @Operation(
      summary = "Off-chain against on-chain, channel by channel",
      description =
          "For every channel with activity: charged off-chain, claimed on chain, settled through"
              + " this service's settlements, in flight, and the difference between claimed and"
              + " settled (expected 0 once claims are confirmed); creditAhead when a charge was given"
              + " back after a claim had paid it (the channel's credit for its next calls);"
              + " overClaimed when the chain claimed more than the channel was ever charged (never"
              + " expected). ledgerBalance is the sum of every posting"
              + " (always 0).")
  public Uni<Map<String, Object>> reconciliation() {
    return store
        .pool()
        .query(
            """
            SELECT c.channel_id, c.charged, c.claimed, c.in_flight,
                   COALESCE((SELECT sum(i.paid) FROM settlement_item i
                             WHERE i.channel_id = c.channel_id AND i.state = 'claimed'), 0) AS settled,
                   COALESCE((SELECT max(h.charged_after) FROM charge h
                             WHERE h.channel_id = c.channel_id), 0) AS most_charged,
                   (SELECT COALESCE(sum(amount), 0) FROM posting) AS ledger
            FROM channel c WHERE c.charged > 0 OR c.claimed > 0 ORDER BY c.channel_id""")
        .execute()
        .flatMap(
            rows ->
                store
                    .pool()
                    .query("SELECT COALESCE(sum(amount), 0) AS ledger FROM posting")
                    .execute()
                    .map(
                        ledger -> {
                          List<Map<String, Object>> channels = new ArrayList<>();
                          java.math.BigInteger difference = java.math.BigInteger.ZERO;
                          int overClaimed = 0;
                          for (Row r : rows) {
                            var charged = r.getBigDecimal("charged").toBigIntegerExact();
                            var claimed = r.getBigDecimal("claimed").toBigIntegerExact();
                            var settled = r.getBigDecimal("settled").toBigIntegerExact();
                            var most = r.getBigDecimal("most_charged").toBigIntegerExact();
                            var diff = claimed.subtract(settled);
                            difference = difference.add(diff.abs());
                            // a charge given back after a claim paid it is the channel's credit
                            // (claimed ahead of charged); beyond the most ever charged is wrong
                            boolean over = claimed.compareTo(most) > 0;
                            overClaimed += over ? 1 : 0;
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("channelId", text(r, "channel_id"));
                            m.put("charged", charged.toString());
                            m.put("claimedOnChain", claimed.toString());
                            m.put("settled", settled.toString());
                            m.put("inFlight", text(r, "in_flight"));
                            m.put("differenceWei", diff.toString());
                            m.put(
                                "creditAhead",
                                claimed
                                    .subtract(charged)
                                    .max(java.math.BigInteger.ZERO)
                                    .toString());
                            m.put("overClaimed", over);
                            channels.add(m);
                          }
                          Map<String, Object> out = new LinkedHashMap<>();
                          out.put("channels", channels);
                          out.put("differenceWei", difference.toString());
                          out.put("overClaimedChannels", overClaimed);
                          out.put(
                              "ledgerBalance",
                              ledger
                                  .iterator()
                                  .next()
                                  .getBigDecimal("ledger")
                                  .toBigIntegerExact()
                                  .toString());
                          return out;
                        }));
  }

  private static String text(Row r, String column) {
    var v = r.getBigDecimal(column);
    return v == null ? null : v.toBigIntegerExact().toString();
  }
}
