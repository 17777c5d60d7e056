package dev.pulse.cgroup;

import dev.pulse.cgroup.CgroupPaths.CgroupUnavailable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The cgroup and proc trees of one machine, as this process sees them ({@code PULSE_CGROUP_ROOT},
 * {@code PULSE_PROC_ROOT}; a Pulse in a container reads the host's trees mounted elsewhere), and the machine's memory,
 * which stands for "no limit" as Docker reports it.
 */
public record CgroupSource(Path cgroupRoot, Path procRoot, long hostMemory) {

  /**
   * Checks that the trees are there and readable and reads the machine's memory. Blocking (file system): call it from
   * a worker.
   *
   * @throws CgroupUnavailable saying what is missing
   */
  public static CgroupSource probe(Path cgroupRoot, Path procRoot) throws CgroupUnavailable {
    if (!Files.isDirectory(cgroupRoot) || !Files.isReadable(cgroupRoot)) {
      throw new CgroupUnavailable("cgroup root " + cgroupRoot + " is not a readable directory");
    }
    boolean v1 = Files.isDirectory(cgroupRoot.resolve("memory")) && Files.isReadable(cgroupRoot.resolve("memory"));
    if (!v1 && !Files.isReadable(cgroupRoot.resolve("cgroup.controllers"))) {
      throw new CgroupUnavailable("no cgroup v1 memory controller or cgroup v2 mount under " + cgroupRoot);
    }
    try {
      KernelFormats.procStat(Text.of(KernelFile.readOnce(procRoot.resolve("stat"))));
      long memory = KernelFormats.memTotal(Text.of(KernelFile.readOnce(procRoot.resolve("meminfo"))));
      return new CgroupSource(cgroupRoot, procRoot, memory);
    } catch (IOException | RuntimeException e) {
      throw new CgroupUnavailable("proc root " + procRoot + " is not readable: " + e.getMessage());
    }
  }

  /**
   * Opens the files of the container whose init process is {@code pid} (Docker's {@code State.Pid}). Blocking.
   *
   * @throws CgroupPaths.ContainerGone when the process is gone (the container stopped)
   * @throws CgroupUnavailable when its files are not there or not readable
   */
  public CgroupCollector open(long pid) throws IOException {
    if (pid <= 0) throw new CgroupPaths.ContainerGone("the container has no process (not running)");
    CgroupPaths paths = CgroupPaths.resolve(cgroupRoot, CgroupPaths.readProcCgroup(procRoot, pid));
    return CgroupCollector.open(paths, procRoot.resolve(Long.toString(pid)), procRoot, hostMemory);
  }
}
