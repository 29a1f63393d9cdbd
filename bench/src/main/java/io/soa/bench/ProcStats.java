package io.soa.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** What the benchmarks read of processes and of the machine, from /proc (Linux). */
final class ProcStats {
  private ProcStats() {}

  /** User + system CPU seconds of a process, from /proc. */
  static double cpuSeconds(long pid) throws Exception {
    String[] f =
        Files.readString(Path.of("/proc/" + pid + "/stat")).replaceAll(".*\\) ", "").split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  /**
   * CPU time all processes of the machine have used so far (/proc/stat: all but idle and iowait).
   */
  static double machineBusySeconds() throws Exception {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long busy = 0;
    for (int i = 1; i <= 8; i++) {
      if (i != 4 && i != 5) { // idle, iowait
        busy += Long.parseLong(f[i]);
      }
    }
    return busy / 100.0;
  }

  /** Peak resident set size (VmHWM) of a process, in kB. */
  static long peakRssKb(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
