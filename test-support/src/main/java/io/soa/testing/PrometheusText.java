package io.soa.testing;

/** Reads a sample out of a Prometheus text exposition ({@code /q/metrics}). */
public final class PrometheusText {
  private PrometheusText() {}

  /**
   * Where the Quarkus app under test serves its metrics: its management interface (never the
   * service port), whose test URL Quarkus puts in {@code test.management.url}.
   */
  public static String managementUrl() {
    return org.eclipse.microprofile.config.ConfigProvider.getConfig()
            .getValue("test.management.url", String.class)
            .replaceAll("/q/?$", "")
        + "/q/metrics";
  }

  /**
   * The value of the first sample whose line starts with {@code name} (a metric name, or a name
   * with the start of its labels, e.g. {@code foo_total{kind="x"}}), or 0 when there is none yet.
   */
  public static double value(String exposition, String name) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(name) && !line.startsWith("#")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  /** The names of the series an exposition serves (histogram and summary parts by their own). */
  public static java.util.Set<String> names(String exposition) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (String line : exposition.split("\n")) {
      java.util.regex.Matcher m = SERIES.matcher(line);
      if (m.lookingAt()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  private static final java.util.regex.Pattern SERIES =
      java.util.regex.Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
}
