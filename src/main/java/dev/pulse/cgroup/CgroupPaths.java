package dev.pulse.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where one process's cgroup files are, from {@code <proc>/<pid>/cgroup}: on cgroup v1 one line per hierarchy
 * ({@code 4:memory:/docker/<id>}, or {@code 3:cpu,cpuacct:/system.slice/docker-<id>.scope} under systemd), on v2 one
 * line {@code 0::<path>}. Reading the path from the process, instead of guessing {@code docker/<id>}, works for the
 * cgroupfs and systemd drivers and any {@code --cgroup-parent}.
 *
 * @param v2 true when the files are cgroup v2's (one unified directory)
 * @param dirs v1: controller → directory; v2: the single key {@code ""} → directory
 */
public record CgroupPaths(boolean v2, Map<String, Path> dirs) {

  /** The v1 controllers Pulse reads. */
  static final String[] V1_CONTROLLERS = {"cpuacct", "memory", "blkio", "pids"};

  public Path dir(String controller) {
    return dirs.get(v2 ? "" : controller);
  }

  /**
   * Parses {@code /proc/<pid>/cgroup} and resolves it under {@code cgroupRoot}: v1 when the host mounts the v1
   * memory controller there (hybrid hosts included), else v2 when {@code cgroupRoot} is a unified mount.
   *
   * @throws CgroupUnavailable when the files are not where the kernel says (a cgroup root that is not the host's)
   */
  public static CgroupPaths resolve(Path cgroupRoot, String procCgroup) throws CgroupUnavailable {
    Map<String, String> v1 = new HashMap<>();
    Map<String, String> v1Mount = new HashMap<>();
    String unified = null;
    for (String line : procCgroup.split("\n")) {
      int a = line.indexOf(':');
      int b = a < 0 ? -1 : line.indexOf(':', a + 1);
      if (b < 0) continue;
      String controllers = line.substring(a + 1, b);
      String path = line.substring(b + 1).trim();
      if (controllers.isEmpty()) {
        unified = path;
        continue;
      }
      for (String c : controllers.split(",")) {
        v1.put(c, path);
        v1Mount.put(c, controllers);
      }
    }
    if (v1.containsKey("memory") && Files.isDirectory(cgroupRoot.resolve("memory"))) {
      Map<String, Path> dirs = new HashMap<>();
      for (String c : V1_CONTROLLERS) {
        if (!v1.containsKey(c)) continue;
        // a co-mounted hierarchy is named "cpu,cpuacct" and usually has a "cpuacct" link to it
        Path mount = cgroupRoot.resolve(c);
        if (!Files.isDirectory(mount)) mount = cgroupRoot.resolve(v1Mount.get(c));
        dirs.put(c, under(mount, v1.get(c)));
      }
      if (!dirs.containsKey("cpuacct")) throw new CgroupUnavailable("no cpuacct controller for the container");
      return new CgroupPaths(false, Map.copyOf(dirs));
    }
    if (unified != null && Files.exists(cgroupRoot.resolve("cgroup.controllers"))) {
      return new CgroupPaths(true, Map.of("", under(cgroupRoot, unified)));
    }
    throw new CgroupUnavailable("no cgroup v1 memory controller or cgroup v2 mount under " + cgroupRoot);
  }

  /** {@code root} + the kernel's path; a path that climbs out ({@code ..}, as seen from another cgroup namespace) is refused. */
  static Path under(Path root, String path) throws CgroupUnavailable {
    Path p = root.resolve(path.startsWith("/") ? path.substring(1) : path).normalize();
    if (!p.startsWith(root.normalize()) || path.contains("..")) {
      throw new CgroupUnavailable("cgroup path '" + path + "' leaves " + root);
    }
    return p;
  }

  /** Reads {@code <proc>/<pid>/cgroup}; a missing file means the process (the container) is gone. */
  public static String readProcCgroup(Path procRoot, long pid) throws IOException {
    try {
      return KernelFile.readOnce(procRoot.resolve(Long.toString(pid)).resolve("cgroup"));
    } catch (NoSuchFileException e) {
      throw new ContainerGone("process " + pid + " is gone");
    }
  }

  /** The container's files cannot be read on this host: the reason to use the Docker API instead. */
  public static final class CgroupUnavailable extends IOException {
    public CgroupUnavailable(String message) {
      super(message);
    }
  }

  /** The container's process is gone (stopped): a gap, not a reason to change collectors. */
  public static final class ContainerGone extends IOException {
    public ContainerGone(String message) {
      super(message);
    }
  }
}
