package io.soa.testing;

/** Reads a sample out of a Prometheus text exposition ({@code /q/metrics}). */
public final class PrometheusText {
  private PrometheusText() {}

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
}
