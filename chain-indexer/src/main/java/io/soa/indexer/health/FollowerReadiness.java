package io.soa.indexer.health;

import io.soa.indexer.follower.ChainFollower;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the node answers, is on the configured chain, and publishing is not halted. */
@Readiness
@ApplicationScoped
public class FollowerReadiness implements HealthCheck {
  private final ChainFollower follower;

  public FollowerReadiness(ChainFollower follower) {
    this.follower = follower;
  }

  @Override
  public HealthCheckResponse call() {
    var s = follower.status();
    boolean up =
        switch (follower.state()) {
          case STARTING, STANDBY, CATCHING_UP, FOLLOWING -> true;
          default -> false;
        };
    var b =
        HealthCheckResponse.named("chain-follower")
            .status(up)
            .withData("state", s.state())
            .withData("head", s.head())
            .withData("cursor", s.cursor());
    if (s.haltedReason() != null) {
      b.withData("haltedReason", s.haltedReason());
    }
    if (s.lastError() != null) {
      b.withData("lastError", s.lastError());
    }
    return b.build();
  }
}
