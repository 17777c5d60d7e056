package dev.pulse.cgroup;

/**
 * Parsers of the cgroup v1/v2 and procfs files the Docker daemon reads for {@code docker stats} (through containerd's
 * cgroups package). They read a {@link Text} without allocating strings; a malformed file throws
 * {@link NumberFormatException}, which the collector turns into a missed sample.
 */
public final class KernelFormats {

  /** Linux's USER_HZ, the unit of /proc/stat, is 100 on every architecture Docker runs on. */
  static final long NANOS_PER_TICK = 10_000_000L;

  private KernelFormats() {}

  /** A file holding one number ({@code cpuacct.usage}, {@code memory.current}, {@code pids.current}, …). */
  public static long single(Text t) {
    return t.rewind().number();
  }

  /** A limit: a number, or {@code max} (cgroup v2's "no limit"), which reads as {@link Long#MAX_VALUE}. */
  public static long limit(Text t) {
    t.rewind();
    return t.field("max") ? Long.MAX_VALUE : t.number();
  }

  /** The value of {@code key} in a flat keyed file ({@code memory.stat}, {@code cpu.stat}); -1 when absent. */
  public static long keyed(Text t, String key) {
    t.rewind();
    while (!t.atEnd()) {
      if (t.field(key)) return t.number();
      t.nextLine();
    }
    return -1;
  }

  /**
   * The values of two keys of a flat keyed file in one pass, into {@code out[0]} and {@code out[1]}; -1 for a key that
   * is absent.
   */
  public static void keyed(Text t, String first, String second, long[] out) {
    out[0] = -1;
    out[1] = -1;
    t.rewind();
    while (!t.atEnd() && (out[0] < 0 || out[1] < 0)) {
      if (out[0] < 0 && t.field(first)) out[0] = t.number();
      else if (out[1] < 0 && t.field(second)) out[1] = t.number();
      t.nextLine();
    }
  }

  /**
   * cgroup v1 {@code blkio.throttle.io_service_bytes}: lines {@code <major>:<minor> <Op> <bytes>} and a last
   * {@code Total <bytes>}; summed by op as the CLI does (Read, Write). Returns {read, write}.
   */
  public static long[] blkioV1(Text t) {
    long read = 0;
    long write = 0;
    t.rewind();
    while (!t.atEnd()) {
      if (t.hasField() && !t.field("Total")) {
        t.skipField(); // major:minor
        if (t.field("Read")) read += t.number();
        else if (t.field("Write")) write += t.number();
      }
      t.nextLine();
    }
    return new long[] {read, write};
  }

  /** cgroup v2 {@code io.stat}: lines {@code <major>:<minor> rbytes=N wbytes=N rios=N …}. Returns {read, write}. */
  public static long[] ioStatV2(Text t) {
    long read = 0;
    long write = 0;
    t.rewind();
    while (!t.atEnd()) {
      if (t.hasField()) {
        t.skipField(); // major:minor
        while (t.hasField()) {
          if (t.field("rbytes")) read += t.number();
          else if (t.field("wbytes")) write += t.number();
          else {
            t.skipField(); // key=
            t.skipField(); // value
          }
        }
      }
      t.nextLine();
    }
    return new long[] {read, write};
  }

  /**
   * {@code /proc/<pid>/net/dev}: two header lines, then {@code <iface>: rx_bytes … (8 fields) tx_bytes …}. Every
   * interface but {@code lo}, as Docker reports a container's networks. Returns {rx, tx}.
   */
  public static long[] netDev(Text t) {
    long rx = 0;
    long tx = 0;
    t.rewind();
    t.nextLine();
    t.nextLine();
    while (!t.atEnd()) {
      if (t.hasField() && !t.field("lo")) {
        skipInterfaceName(t);
        long r = t.number();
        for (int i = 0; i < 7; i++) t.number();
        rx += r;
        tx += t.number();
      }
      t.nextLine();
    }
    return new long[] {rx, tx};
  }

  /** Interface names may run into the first number ({@code eth0:1234}): skip up to and including the colon. */
  private static void skipInterfaceName(Text t) {
    while (!t.atEnd() && t.at(t.position()) != ':') t.skipOne();
    t.skipOne();
  }

  /**
   * {@code /proc/stat}: the system's CPU time in nanoseconds as the daemon counts it (user, nice, system, idle,
   * iowait, irq, softirq of the {@code cpu} line; steal and guest are not counted) and the number of online CPUs
   * (the {@code cpuN} lines). Returns {systemNanos, onlineCpus}.
   */
  public static long[] procStat(Text t) {
    long system = -1;
    long cpus = 0;
    t.rewind();
    while (!t.atEnd()) {
      if (t.field("cpu")) {
        long ticks = 0;
        for (int i = 0; i < 7; i++) ticks += t.number();
        system = ticks * NANOS_PER_TICK;
      } else if (t.startsWith("cpu")) {
        cpus++;
      } else if (system >= 0) {
        break; // the cpu lines come first
      }
      t.nextLine();
    }
    if (system < 0) throw new NumberFormatException("no cpu line in /proc/stat");
    return new long[] {system, cpus};
  }

  /** {@code MemTotal} of {@code /proc/meminfo} in bytes. */
  public static long memTotal(Text t) {
    long kib = keyed(t, "MemTotal");
    if (kib < 0) throw new NumberFormatException("no MemTotal in meminfo");
    return kib * 1024;
  }
}
