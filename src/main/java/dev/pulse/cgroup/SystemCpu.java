package dev.pulse.cgroup;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The machine's CPU time and online CPUs from {@code <proc>/stat}, the denominator of every container's CPU %. It is
 * the same for all containers, and the Docker daemon itself reads it once per collection round for all of them; the
 * kernel's formatting of that file (every CPU's and interrupt's counters) is among the dearest reads of a sample.
 * So the pollers of one event loop, which tick together on the aligned instants, share one reading: it is reused for
 * {@link #MAX_AGE_NANOS}, short against any interval, so that a container's counters and the system time it is
 * divided by are still read at (almost) the same moment.
 *
 * <p>One instance per event-loop thread ({@link #ofThisThread()}), touched only by that thread: the verticles of one
 * event loop run one at a time, so no lock. Time is passed in, so the reuse rule is tested with its own clock.
 */
public final class SystemCpu {

  /** How long a reading is shared: the pollers of one loop's round, not the next round. */
  static final long MAX_AGE_NANOS = 2_000_000L;

  private static final ThreadLocal<SystemCpu> PER_THREAD = ThreadLocal.withInitial(() -> new SystemCpu(MAX_AGE_NANOS));

  private final long maxAgeNanos;
  private final Text text = new Text();
  /**
   * The file, kept open by a shared reading as a poller keeps its container's files: opening a file registers it with
   * the JDK's shared cleaner under a lock that every event loop would take at the same aligned instant. It lives as
   * long as its thread (an event loop); the cleaner closes it once the thread and this reading are gone.
   */
  private KernelFile file;
  private long opens;
  private Path path;
  private long readAt;
  private long systemNanos;
  private int onlineCpus;
  private long reads;

  SystemCpu(long maxAgeNanos) {
    this.maxAgeNanos = maxAgeNanos;
  }

  /** The reading shared by the pollers of the calling event loop. */
  public static SystemCpu ofThisThread() {
    return PER_THREAD.get();
  }

  /** A reading of its own, never shared: {@code <proc>/stat} is read at every call. */
  public static SystemCpu unshared() {
    return new SystemCpu(0);
  }

  /** Reads {@code procStat} unless this reading is of the same file and younger than the maximum age. */
  void refresh(Path procStat, long nowNanos) throws IOException {
    if (reusable(procStat, nowNanos)) return;
    try {
      if (file == null || !file.path().equals(procStat)) {
        close();
        file = KernelFile.open(procStat);
        opens++;
      }
      long[] v = KernelFormats.procStat(file.read(text));
      systemNanos = v[0];
      onlineCpus = (int) v[1];
    } catch (IOException | RuntimeException e) {
      path = null;
      close(); // opened again at the next reading
      throw e;
    } finally {
      if (maxAgeNanos == 0) close(); // an unshared reading keeps nothing open
    }
    path = procStat;
    readAt = nowNanos;
    reads++;
  }

  private void close() {
    KernelFile f = file;
    file = null;
    if (f == null) return;
    try {
      f.close();
    } catch (IOException ignored) {
      // a procfs file: nothing to flush
    }
  }

  boolean reusable(Path procStat, long nowNanos) {
    return procStat.equals(path) && nowNanos >= readAt && nowNanos - readAt < maxAgeNanos;
  }

  long systemNanos() {
    return systemNanos;
  }

  int onlineCpus() {
    return onlineCpus;
  }

  /** How often the file was actually read (tests). */
  long reads() {
    return reads;
  }

  /** How often the file was opened (tests). */
  long opens() {
    return opens;
  }
}
