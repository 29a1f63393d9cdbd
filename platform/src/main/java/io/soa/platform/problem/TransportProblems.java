package io.soa.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A problem details 413 for a request whose declared body is above {@code
 * quarkus.http.limits.max-body-size}, before anything reads it (the HTTP layer's own refusal has an
 * empty body). A chunked body that grows past the limit still gets that plain 413, and a request
 * line above the limit the codec's 431: both are refused before routing.
 */
@ApplicationScoped
public class TransportProblems {
  private final long maxBody;
  private final ObjectMapper json;

  public TransportProblems(
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody,
      ObjectMapper json) {
    this.maxBody = maxBody.asLongValue();
    this.json = json;
  }

  void register(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).handler(this::checkLength);
  }

  private void checkLength(RoutingContext ctx) {
    String length = ctx.request().getHeader("Content-Length");
    long declared;
    try {
      declared = length == null ? -1 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      declared = -1; // the codec refuses it
    }
    if (declared <= maxBody) {
      ctx.next();
      return;
    }
    try {
      String body =
          json.writeValueAsString(
              Problem.of(
                      413,
                      "payload-too-large",
                      "Payload too large",
                      "the request body ("
                          + declared
                          + " bytes) is larger than the "
                          + maxBody
                          + " bytes this service accepts",
                      List.of())
                  .withInstance(ctx.request().path()));
      ctx.response()
          .setStatusCode(413)
          .putHeader("Content-Type", Problem.MEDIA_TYPE)
          .putHeader("Connection", "close")
          .end(body);
    } catch (JsonProcessingException e) {
      ctx.response().setStatusCode(413).end();
    }
  }
}
