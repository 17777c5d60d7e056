package dev.pulse.docker;

import com.github.dockerjava.api.model.BlkioStatEntry;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.StatisticNetworksConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StatsConfig;
import java.util.List;
import java.util.Map;

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

  public static StatsSnapshot of(Statistics s) {
    CpuStatsConfig cpu = s.getCpuStats();
    long cpuTotal = 0;
    long system = 0;
    int online = 0;
    if (cpu != null) {
      if (cpu.getCpuUsage() != null && cpu.getCpuUsage().getTotalUsage() != null) cpuTotal = cpu.getCpuUsage().getTotalUsage();
      if (cpu.getSystemCpuUsage() != null) system = cpu.getSystemCpuUsage();
      if (cpu.getOnlineCpus() != null) online = cpu.getOnlineCpus().intValue();
      if (online == 0 && cpu.getCpuUsage() != null && cpu.getCpuUsage().getPercpuUsage() != null) {
        online = cpu.getCpuUsage().getPercpuUsage().size();
      }
    }
    MemoryStatsConfig mem = s.getMemoryStats();
    long usage = mem == null || mem.getUsage() == null ? 0 : mem.getUsage();
    long limit = mem == null || mem.getLimit() == null ? 0 : mem.getLimit();
    StatsConfig stats = mem == null ? null : mem.getStats();
    long used = memUsedNoCache(usage, stats == null ? null : stats.getTotalInactiveFile(),
        stats == null ? null : stats.getInactiveFile());

    long rx = 0;
    long tx = 0;
    Map<String, StatisticNetworksConfig> nets = s.getNetworks();
    if (nets != null) {
      for (StatisticNetworksConfig n : nets.values()) {
        if (n.getRxBytes() != null) rx += n.getRxBytes();
        if (n.getTxBytes() != null) tx += n.getTxBytes();
      }
    }
    long read = 0;
    long write = 0;
    if (s.getBlkioStats() != null) {
      List<BlkioStatEntry> entries = s.getBlkioStats().getIoServiceBytesRecursive();
      if (entries != null) {
        for (BlkioStatEntry e : entries) {
          if (e.getOp() == null || e.getOp().isEmpty() || e.getValue() == null) continue;
          switch (e.getOp().charAt(0)) {
            case 'r', 'R' -> read += e.getValue();
            case 'w', 'W' -> write += e.getValue();
            default -> { }
          }
        }
      }
    }
    long pids = s.getPidsStats() == null || s.getPidsStats().getCurrent() == null ? 0 : s.getPidsStats().getCurrent();
    return new StatsSnapshot(StatsParser.nanos(s.getRead()), cpuTotal, system, online, used, limit, rx, tx, read, write, pids);
  }

  /**
   * The CLI's {@code calculateMemUsageUnixNoCache}: usage minus {@code total_inactive_file} on cgroup v1 when that key
   * exists and is smaller, else minus {@code inactive_file} (cgroup v2) when smaller, else usage.
   */
  static long memUsedNoCache(long usage, Long totalInactiveFile, Long inactiveFile) {
    if (totalInactiveFile != null && totalInactiveFile < usage) return usage - totalInactiveFile;
    long inactive = inactiveFile == null ? 0 : inactiveFile;
    return inactive < usage ? usage - inactive : usage;
  }
}
