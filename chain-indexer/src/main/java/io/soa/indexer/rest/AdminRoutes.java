package io.soa.indexer.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.ManagementInterface;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.soa.indexer.follower.ChainFollower;
import io.soa.platform.problem.Problem;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Operator commands, served only on the management interface (its own port, bound to 127.0.0.1
 * unless configured) and only to a bearer JWT of the platform with the group {@code operator}; the
 * follower applies them between two steps.
 *
 * <ul>
 *   <li>{@code POST /v1/admin/replay?fromBlock=N}: re-publish from block N, at most the published
 *       cursor (a replay past it would skip blocks forever);
 *   <li>{@code POST /v1/admin/resume}: lift a halt after a fork deeper than the reorg window.
 * </ul>
 */
@ApplicationScoped
public class AdminRoutes {
  private static final Logger LOG = Logger.getLogger(AdminRoutes.class);
  public static final String OPERATOR = "operator";

  private final ChainFollower follower;
  private final JWTParser jwt;
  private final ObjectMapper json;

  public AdminRoutes(ChainFollower follower, JWTParser jwt, ObjectMapper json) {
    this.follower = follower;
    this.jwt = jwt;
    this.json = json;
  }

  void register(@Observes ManagementInterface management) {
    // blocking: verifying a token may read its key (a file or URL) the first time
    management
        .router()
        .post("/v1/admin/replay")
        .blockingHandler(ctx -> asOperator(ctx, this::replay));
    management
        .router()
        .post("/v1/admin/resume")
        .blockingHandler(ctx -> asOperator(ctx, this::resume));
  }

  private void replay(RoutingContext ctx, JsonWebToken who) {
    List<String> values = ctx.queryParam("fromBlock");
    long fromBlock;
    try {
      if (values.size() != 1) {
        throw new NumberFormatException();
      }
      fromBlock = Long.parseLong(values.get(0));
    } catch (NumberFormatException e) {
      problem(
          ctx,
          400,
          "invalid-request",
          "Invalid request",
          "fromBlock: required once, a block number >= 0");
      return;
    }
    long cursor = follower.status().cursor();
    if (fromBlock < 0 || fromBlock > cursor) {
      problem(
          ctx,
          400,
          "invalid-request",
          "Invalid request",
          "fromBlock: must be between 0 and "
              + "the published cursor ("
              + cursor
              + "); a replay can only go back");
      return;
    }
    LOG.warnf("operator %s asked for a replay from block %d", who.getSubject(), fromBlock);
    follower.replay(fromBlock);
    send(ctx, 202, "application/json", Map.of("replayFrom", fromBlock));
  }

  private void resume(RoutingContext ctx, JsonWebToken who) {
    LOG.warnf("operator %s asked to resume", who.getSubject());
    follower.resume();
    send(ctx, 202, "application/json", Map.of("resume", true));
  }

  private void asOperator(
      RoutingContext ctx, java.util.function.BiConsumer<RoutingContext, JsonWebToken> then) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      problem(
          ctx, 401, "unauthorized", "Unauthorized", "a bearer token of the platform is required");
      return;
    }
    JsonWebToken token;
    try {
      token = jwt.parse(header.substring(7).trim());
    } catch (ParseException | RuntimeException e) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      problem(ctx, 401, "unauthorized", "Unauthorized", "the bearer token is not valid");
      return;
    }
    if (token.getGroups() == null || !token.getGroups().contains(OPERATOR)) {
      problem(
          ctx,
          403,
          "forbidden",
          "Forbidden",
          "operator commands need a token of the group 'operator'");
      return;
    }
    then.accept(ctx, token);
  }

  private void problem(RoutingContext ctx, int status, String slug, String title, String detail) {
    send(
        ctx,
        status,
        Problem.MEDIA_TYPE,
        Problem.of(status, slug, title, detail, List.of()).withInstance(ctx.request().path()));
  }

  private void send(RoutingContext ctx, int status, String type, Object body) {
    try {
      ctx.response()
          .setStatusCode(status)
          .putHeader("Content-Type", type)
          .end(json.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      ctx.fail(e);
    }
  }
}
