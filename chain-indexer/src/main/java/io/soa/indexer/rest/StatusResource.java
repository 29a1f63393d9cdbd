package io.soa.indexer.rest;

import io.soa.indexer.follower.ChainFollower;
import io.soa.indexer.follower.FollowerStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Where the indexer stands. */
@Path("/v1/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {
  private final ChainFollower follower;

  public StatusResource(ChainFollower follower) {
    this.follower = follower;
  }

  @GET
  @Operation(summary = "Chain id, node head, published cursor, lag and state")
  public FollowerStatus status() {
    return follower.status();
  }
}
