package dev.pulse.docker;


/**
 * The raw counters of one stats sample, already summed the way the docker CLI sums them
 * ({@code cli/command/container/stats_helpers.go}). Rates and percentages come from two of these
 * ({@link StatsFormulas}).
 */
public record StatsSnapshot(
    long readNanos,
    long cpuTotal,
    long systemCpu,
    int onlineCpus,
    long memUsage,
    long memLimit,
    long netRx,
    long netTx,
    long blkRead,
    long blkWrite,
    long pids) {

  /**
   * The CLI's {@code calculateMemUsageUnixNoCache}: usage minus {@code total_inactive_file} on cgroup v1 when that key
   * exists and is smaller, else minus {@code inactive_file} (cgroup v2) when smaller, else usage.
   */
  public static long memUsedNoCache(long usage, Long totalInactiveFile, Long inactiveFile) {
    if (totalInactiveFile != null && totalInactiveFile < usage) return usage - totalInactiveFile;
    long inactive = inactiveFile == null ? 0 : inactiveFile;
    return inactive < usage ? usage - inactive : usage;
  }
}
