package io.soa.devchain;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository checkout, where the pinned npm toolchain and build outputs live. */
public final class RepoRoot {
  private RepoRoot() {}

  /**
   * The root named by {@code -Dsoa.root} or {@code SOA_ROOT}, else the nearest ancestor of the
   * working directory that holds both the {@code soa} script and a {@code pom.xml}.
   */
  public static Path find() {
    String configured = System.getProperty("soa.root", System.getenv("SOA_ROOT"));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("soa")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "cannot find the SOA checkout above "
            + Path.of("").toAbsolutePath()
            + "; set SOA_ROOT to the repository root");
  }
}
