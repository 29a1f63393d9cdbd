package io.soa.platform.problem;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The page every problem {@code type} points at ({@code /problems#slug}): {@code docs/problems.md},
 * copied into this module at build time, so the types resolve against any service of the suite.
 */
@Path(Problem.TYPES)
public class ProblemTypes {
  private static final String PAGE = load();

  @GET
  @Produces("text/markdown; charset=utf-8")
  @Operation(summary = "What each problem type of the suite means and what to do about it")
  public String page() {
    return PAGE;
  }

  private static String load() {
    try (InputStream in = ProblemTypes.class.getResourceAsStream("/META-INF/soa/problems.md")) {
      if (in == null) {
        throw new IllegalStateException("problems.md is not on the classpath; rebuild platform");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
