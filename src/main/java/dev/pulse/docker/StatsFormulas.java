package dev.pulse.docker;

/**
 * The docker CLI's formulas, applied to two consecutive samples of the poller's own (a one-shot response carries no
 * usable {@code precpu_stats}). Counters that went backwards mean the container restarted: those values give 0,
 * never a spike.
 */
public final class StatsFormulas {

  private StatsFormulas() {}

  /** CPU % as {@code docker stats} prints it: 100 = one full core. 0 unless both deltas are positive. */
  public static double cpuPercent(StatsSnapshot prev, StatsSnapshot cur) {
    long cpuDelta = cur.cpuTotal() - prev.cpuTotal();
    long systemDelta = cur.systemCpu() - prev.systemCpu();
    if (cpuDelta <= 0 || systemDelta <= 0) return 0.0;
    return ((double) cpuDelta / (double) systemDelta) * cur.onlineCpus() * 100.0;
  }

  /** Memory % of the limit, 0 when the limit is 0. */
  public static double memPercent(StatsSnapshot cur) {
    if (cur.memLimit() == 0) return 0.0;
    return (double) cur.memUsage() / (double) cur.memLimit() * 100.0;
  }

  /** Bytes per second between two cumulative counters {@code elapsedNanos} apart; 0 when it went backwards. */
  public static double rate(long prev, long cur, long elapsedNanos) {
    if (elapsedNanos <= 0 || cur < prev) return 0.0;
    return (cur - prev) * 1e9 / elapsedNanos;
  }
}
