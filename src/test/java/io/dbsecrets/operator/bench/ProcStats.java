package io.dbsecrets.operator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time, resident set and thread count of a process from /proc, so a JVM and a Go binary are measured the
 * same way (neither reports on itself).
 */
record ProcStats(double cpuSeconds, double rssMib, int threads) {
  static final ProcStats NONE = new ProcStats(Double.NaN, Double.NaN, -1);
  private static final double TICKS = clockTicks();

  static ProcStats of(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      // the command name in parentheses may hold spaces; fields after it start at field 3 (state)
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      double cpu = (Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3])) / TICKS;
      double rss = Double.NaN;
      int threads = -1;
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        } else if (line.startsWith("Threads:")) {
          threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
        }
      }
      return new ProcStats(cpu, rss, threads);
    } catch (IOException | RuntimeException gone) {
      return NONE;
    }
  }

  private static double clockTicks() {
    try {
      return Double.parseDouble(Bench.run("getconf", "CLK_TCK").strip());
    } catch (RuntimeException e) {
      return 100; // USER_HZ on every Linux architecture the bench runs on
    }
  }
}
