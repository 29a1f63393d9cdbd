package io.soa.indexer.rest;

import io.soa.indexer.follower.ChainFollower;
import io.soa.platform.problem.ProblemException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Operator commands; the follower applies them between two steps. */
@Path("/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
  private final ChainFollower follower;

  public AdminResource(ChainFollower follower) {
    this.follower = follower;
  }

  @POST
  @Path("/replay")
  @Operation(summary = "Re-publish every event from a block on (same ids; consumers drop duplicates)")
  public Response replay(@QueryParam("fromBlock") Long fromBlock) {
    if (fromBlock == null || fromBlock < 0) {
      throw ProblemException.invalid("fromBlock", "required, a block number >= 0");
    }
    follower.replay(fromBlock);
    return Response.accepted(java.util.Map.of("replayFrom", fromBlock)).build();
  }

  @POST
  @Path("/resume")
  @Operation(summary = "Lift a halt after a fork deeper than the reorg window, trusting the node's chain")
  public Response resume() {
    follower.resume();
    return Response.accepted(java.util.Map.of("resume", true)).build();
  }
}
