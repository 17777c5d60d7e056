package dev.pulse.cgroup;

import dev.pulse.cgroup.CgroupPaths.CgroupUnavailable;
import dev.pulse.docker.StatsSnapshot;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one running container's counters from the kernel, as the Docker daemon does for {@code docker stats}, into
 * the same {@link StatsSnapshot} the Docker API gives, so the CLI's formulas ({@code Sample.between}) serve both
 * collectors. The files stay open for the poller's life (one per container start: the poller is redeployed on
 * start). Not thread-safe: one poller owns it.
 *
 * <ul>
 *   <li>v1: {@code cpuacct.usage}; {@code memory.usage_in_bytes}, {@code memory.limit_in_bytes} (only when
 *       {@link LimitReads} says it may have changed), {@code total_inactive_file} of {@code memory.stat};
 *       {@code blkio.throttle.io_service_bytes} (what containerd reads on kernels without CFQ, else
 *       {@code _recursive}); {@code pids.current}.
 *   <li>v2: {@code usage_usec} of {@code cpu.stat}; {@code memory.current}, {@code memory.max},
 *       {@code inactive_file} of {@code memory.stat}; {@code rbytes}/{@code wbytes} of {@code io.stat};
 *       {@code pids.current}.
 *   <li>both: {@code <proc>/stat} for the system CPU time and online CPUs (through {@link SystemCpu}), {@code <proc>/<pid>/net/dev} for the
 *       network (every interface but {@code lo}).
 * </ul>
 * A controller that is not enabled (no io or pids files, no memory.stat) reads 0 as Docker reports it; CPU, memory
 * usage and limit, /proc/stat and net/dev are required.
 */
public final class CgroupCollector implements Closeable {

  private static final long ORIGIN = System.nanoTime() - 1;

  private final boolean v2;
  private final long hostMemory;
  private final KernelFile cpu;
  private final KernelFile memUsage;
  private final KernelFile memLimit;
  private final KernelFile memStat;
  private final KernelFile io;
  private final KernelFile pids;
  private final KernelFile net;
  private final Path procStat;
  private final Text text = new Text();
  private final long[] stat = new long[2];
  private final LimitReads limits = new LimitReads();

  private CgroupCollector(boolean v2, long hostMemory, KernelFile[] files, Path procStat) {
    this.v2 = v2;
    this.hostMemory = hostMemory;
    this.cpu = files[0];
    this.memUsage = files[1];
    this.memLimit = files[2];
    this.memStat = files[3];
    this.io = files[4];
    this.pids = files[5];
    this.net = files[6];
    this.procStat = procStat;
  }

  static CgroupCollector open(CgroupPaths paths, Path procPid, Path procRoot, long hostMemory) throws IOException {
    boolean v2 = paths.v2();
    List<KernelFile> opened = new ArrayList<>();
    try {
      KernelFile[] f = new KernelFile[7];
      f[0] = required(opened, v2 ? paths.dir("").resolve("cpu.stat") : paths.dir("cpuacct").resolve("cpuacct.usage"));
      Path mem = paths.dir("memory");
      if (mem == null) throw new CgroupUnavailable("no memory controller for the container");
      f[1] = required(opened, mem.resolve(v2 ? "memory.current" : "memory.usage_in_bytes"));
      f[2] = required(opened, mem.resolve(v2 ? "memory.max" : "memory.limit_in_bytes"));
      f[3] = optional(opened, mem.resolve("memory.stat"));
      if (v2) {
        f[4] = optional(opened, paths.dir("").resolve("io.stat"));
      } else if (paths.dir("blkio") != null) {
        f[4] = optional(opened, paths.dir("blkio").resolve("blkio.throttle.io_service_bytes"));
        if (f[4] == null) f[4] = optional(opened, paths.dir("blkio").resolve("blkio.throttle.io_service_bytes_recursive"));
      }
      f[5] = paths.dir("pids") == null ? null : optional(opened, paths.dir("pids").resolve("pids.current"));
      try {
        f[6] = required(opened, procPid.resolve("net").resolve("dev"));
      } catch (CgroupUnavailable e) {
        throw new CgroupPaths.ContainerGone("the container's process is gone");
      }
      // read through SystemCpu at each sample (shared by the pollers of one event loop), so only checked here
      Path procStat = procRoot.resolve("stat");
      required(opened, procStat).close();
      opened.remove(opened.size() - 1);
      return new CgroupCollector(v2, hostMemory, f, procStat);
    } catch (IOException | RuntimeException e) {
      for (KernelFile k : opened) closeQuietly(k);
      throw e;
    }
  }

  private static KernelFile required(List<KernelFile> opened, Path p) throws IOException {
    try {
      KernelFile f = KernelFile.open(p);
      opened.add(f);
      return f;
    } catch (NoSuchFileException e) {
      throw new CgroupUnavailable(p + " does not exist");
    } catch (AccessDeniedException e) {
      throw new CgroupUnavailable(p + " is not readable (permission denied)");
    }
  }

  private static KernelFile optional(List<KernelFile> opened, Path p) throws IOException {
    try {
      return required(opened, p);
    } catch (CgroupUnavailable e) {
      if (e.getMessage().endsWith("does not exist")) return null;
      throw e;
    }
  }

  public boolean v2() {
    return v2;
  }

  /** One sample with a reading of {@code <proc>/stat} of its own. */
  public StatsSnapshot read() throws IOException {
    return read(SystemCpu.unshared());
  }

  /**
   * One sample, the system CPU time from {@code system} (re-read unless it is fresh). Throws when a file vanished (the
   * container stopped: its cgroup is removed), cannot be read, is too large or does not parse; nothing is guessed then.
   */
  public StatsSnapshot read(SystemCpu system) throws IOException {
    try {
      long cpuTotal = v2 ? usageUsec() * 1000 : KernelFormats.single(cpu.read(text));
      long now = System.nanoTime();
      system.refresh(procStat, now);
      long readNanos = now - ORIGIN;
      long usage = KernelFormats.single(memUsage.read(text));
      Long inactive = null;
      long hierarchical = -1;
      if (memStat != null) {
        if (v2) {
          long v = KernelFormats.keyed(memStat.read(text), "inactive_file");
          if (v >= 0) inactive = v;
        } else {
          KernelFormats.keyed(memStat.read(text), "hierarchical_memory_limit", "total_inactive_file", stat);
          hierarchical = stat[0];
          if (stat[1] >= 0) inactive = stat[1];
        }
      }
      long limit = limits.due(hierarchical, now)
          ? limits.read(KernelFormats.limit(memLimit.read(text)), hierarchical, now) : limits.own();
      if (limit > hostMemory && hostMemory > 0) limit = hostMemory;
      long used = StatsSnapshot.memUsedNoCache(usage, v2 ? null : inactive, v2 ? inactive : null);
      long[] blk = io == null ? new long[2]
          : v2 ? KernelFormats.ioStatV2(io.read(text)) : KernelFormats.blkioV1(io.read(text));
      long pidCount = pids == null ? 0 : KernelFormats.single(pids.read(text));
      long[] rxTx = KernelFormats.netDev(net.read(text));
      return new StatsSnapshot(readNanos, cpuTotal, system.systemNanos(), system.onlineCpus(), used, limit, rxTx[0], rxTx[1],
          blk[0], blk[1], pidCount);
    } catch (NumberFormatException e) {
      throw new IOException("unexpected cgroup file content: " + e.getMessage(), e);
    }
  }

  private long usageUsec() throws IOException {
    long v = KernelFormats.keyed(cpu.read(text), "usage_usec");
    if (v < 0) throw new IOException(cpu.path() + " has no usage_usec");
    return v;
  }

  @Override
  public void close() {
    for (KernelFile f : new KernelFile[] {cpu, memUsage, memLimit, memStat, io, pids, net}) {
      if (f != null) closeQuietly(f);
    }
  }

  private static void closeQuietly(KernelFile f) {
    try {
      f.close();
    } catch (IOException ignored) {
      // a file of a removed cgroup: nothing to release
    }
  }
}
