package io.soa.licensing.gateway.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.soa.events.EventCodec;
import io.soa.licensing.gateway.X402Discovery;
import io.soa.platform.error.Invalid;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * What x402 clients can pay for here, in the format they read (x402's Bazaar discovery): point the
 * extension's {@code withBazaar} client at {@code <gateway>/v1/x402}.
 */
@Path("/v1/x402/discovery/resources")
@Produces(MediaType.APPLICATION_JSON)
public class DiscoveryResource {
  private final X402Discovery discovery;

  public DiscoveryResource(X402Discovery discovery) {
    this.discovery = discovery;
  }

  @GET
  @PermitAll
  @Operation(
      summary = "The model features x402 clients can pay for (x402 discovery)",
      description =
          "x402Version 2, items (resource: the gateway URL to POST, type http, accepts: the exact"
              + " offer of its 402, lastUpdated, description) and pagination {limit, offset,"
              + " total}. type other than http lists nothing. Public: it is what the 402s say.")
  public Uni<ObjectNode> resources(
      @Parameter(schema = @Schema(maxLength = 16, pattern = "^[a-z]{1,16}$")) @QueryParam("type")
          String type,
      @Parameter(schema = @Schema(maxLength = 3, pattern = "^[0-9]{1,3}$"))
          @QueryParam("limit")
          @DefaultValue("20")
          String limitParam,
      @Parameter(schema = @Schema(maxLength = 7, pattern = "^[0-9]{1,7}$"))
          @QueryParam("offset")
          @DefaultValue("0")
          String offsetParam,
      @Context UriInfo uri) {
    if (type != null && !type.matches("^[a-z]{1,16}$")) {
      throw Invalid.field("type", "must be a resource type, e.g. http (a-z, at most 16)");
    }
    int limit = bounded("limit", limitParam, 1, 100);
    int offset = bounded("offset", offsetParam, 0, 1_000_000);
    String base = uri.getBaseUri().toString().replaceAll("/+$", "");
    if (type != null && !type.equals("http")) {
      ObjectNode none = EventCodec.JSON.createObjectNode().put("x402Version", 2);
      none.putArray("items");
      none.putObject("pagination").put("limit", limit).put("offset", offset).put("total", 0);
      return Uni.createFrom().item(none);
    }
    return discovery.resources(base, limit, offset);
  }

  private static int bounded(String name, String value, int min, int max) {
    if (value == null || !value.matches("^[0-9]{1,7}$")) {
      throw Invalid.field(name, "must be a whole number from " + min + " to " + max);
    }
    int v = Integer.parseInt(value);
    if (v < min || v > max) {
      throw Invalid.field(name, "must be a whole number from " + min + " to " + max);
    }
    return v;
  }
}
