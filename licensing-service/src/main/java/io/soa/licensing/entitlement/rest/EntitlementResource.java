package io.soa.licensing.entitlement.rest;

import io.smallrye.mutiny.Uni;
import io.soa.licensing.entitlement.Licence;
import io.soa.licensing.entitlement.ModelContext;
import io.soa.licensing.entitlement.api.EntitlementView;
import io.soa.licensing.entitlement.api.OffersView;
import io.soa.licensing.entitlement.repository.EntitlementStore;
import io.soa.platform.chain.ChainContracts;
import io.soa.platform.error.Invalid;
import io.soa.platform.error.NotFound;
import io.soa.platform.openapi.SharedSchemas;
import io.soa.platform.types.Address;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Licences as the gateway enforces them, and what a model offers. Public: it is chain data. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class EntitlementResource {
  private static final Pattern UINT = io.soa.platform.types.Amount.DECIMAL;

  private final EntitlementStore store;
  private final ChainContracts chain;

  public EntitlementResource(EntitlementStore store, ChainContracts chain) {
    this.store = store;
    this.chain = chain;
  }

  @GET
  @Path("/entitlements")
  @Operation(
      summary = "A holder's licences: tier, features, expiry, calls left",
      description =
          "holder is required (an address); model narrows to one on-chain model id. At most 500,"
              + " by licence id.")
  public Uni<List<EntitlementView>> entitlements(
      @Parameter(schema = @Schema(ref = SharedSchemas.ADDRESS)) @QueryParam("holder") String holder,
      @Parameter(schema = @Schema(ref = SharedSchemas.UINT256)) @QueryParam("model") String model) {
    if (!Address.isValid(holder)) {
      throw Invalid.field("holder", "must be an address (0x + 40 hex digits)");
    }
    if (model != null && !UINT.matcher(model).matches()) {
      throw Invalid.field("model", "must be an on-chain model id (decimal)");
    }
    long now = Instant.now().getEpochSecond();
    return store
        .licences(Address.of(holder).value(), model == null ? null : new BigInteger(model))
        .flatMap(
            ls -> {
              List<BigInteger> models = ls.stream().map(Licence::modelId).distinct().toList();
              if (models.isEmpty()) {
                return Uni.createFrom().item(List.<EntitlementView>of());
              }
              return Uni.join()
                  .all(models.stream().map(store::model).toList())
                  .andFailFast()
                  .map(
                      contexts -> {
                        Map<BigInteger, ModelContext> byId = new HashMap<>();
                        contexts.forEach(c -> byId.put(c.modelId(), c));
                        return ls.stream()
                            .map(l -> EntitlementView.of(l, byId.get(l.modelId()), now))
                            .toList();
                      });
            });
  }

  @GET
  @Path("/models/{modelId}/offers")
  @Operation(
      summary = "How a model's features can be paid for",
      description =
          "Per feature its price per call (pay-per-use with a voucher), and the licence tiers on"
              + " sale, with the chain id and contract addresses a wallet needs.")
  public Uni<OffersView> offers(
      @Parameter(schema = @Schema(ref = SharedSchemas.UINT256)) @PathParam("modelId")
          String modelId) {
    if (!UINT.matcher(modelId).matches()) {
      throw new NotFound("model", "with that id");
    }
    BigInteger id = new BigInteger(modelId);
    return Uni.combine()
        .all()
        .unis(store.model(id), store.tiers(id))
        .with(
            (m, tiers) -> {
              if (!m.known() && tiers.isEmpty()) {
                throw new NotFound("model", modelId);
              }
              return OffersView.of(
                  m, tiers, chain.chainId(), chain.licenseToken(), chain.usageEscrow());
            });
  }
}
