package dev.pulse.config;

import java.nio.file.Path;

/**
 * Where pollers read from ({@code PULSE_COLLECTOR}) and where the kernel's trees are ({@code PULSE_CGROUP_ROOT},
 * {@code PULSE_PROC_ROOT}); see README "Collectors".
 */
public record CollectorConfig(Mode mode, Path cgroupRoot, Path procRoot) {

  public enum Mode {
    /** cgroup files for a local engine whose containers' files are readable, else the Docker API; per host. */
    AUTO,
    /**
     * cgroup files only: a remote engine or an unreadable tree stops start-up, and a container whose files cannot be
     * read has gaps instead of a fallback.
     */
    CGROUP,
    /** The Docker Engine stats API ({@code PULSE_SAMPLING} says how). */
    API;

    public static Mode parse(String value) {
      for (Mode m : values()) {
        if (m.name().equalsIgnoreCase(value.trim())) return m;
      }
      throw new ConfigException("PULSE_COLLECTOR (collector): '" + value + "' is not one of auto, cgroup, api");
    }
  }

  public static final Path DEFAULT_CGROUP_ROOT = Path.of("/sys/fs/cgroup");
  public static final Path DEFAULT_PROC_ROOT = Path.of("/proc");

  public CollectorConfig withMode(Mode m) {
    return new CollectorConfig(m, cgroupRoot, procRoot);
  }

  public CollectorConfig withCgroupRoot(Path p) {
    return new CollectorConfig(mode, p, procRoot);
  }

  public static CollectorConfig defaults() {
    return new CollectorConfig(Mode.AUTO, DEFAULT_CGROUP_ROOT, DEFAULT_PROC_ROOT);
  }
}
