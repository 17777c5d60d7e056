package dev.pulse.polling;

/** When a poller samples: pure functions of the time, so the rules are tested without waiting for a timer. */
final class Ticks {

  private Ticks() {}

  /**
   * Delay to the next multiple of the interval: cgroup pollers all tick on those instants, so an event loop wakes once
   * an interval for all its containers and the ring buffer takes their samples in one batch.
   */
  static long toNextAligned(long nowMs, long intervalMs) {
    return Math.max(1, intervalMs - Math.floorMod(nowMs, intervalMs));
  }

  /**
   * Whether a snapshot taken {@code sincePreviousNanos} after the previous one makes a point: it must span at least
   * half an interval. The first snapshot is taken when a container's files open, at any moment; an aligned tick a
   * few ms later would come before the kernel's counters moved and read 0 % or noise.
   */
  static boolean spansEnough(long sincePreviousNanos, long intervalMs) {
    return sincePreviousNanos >= intervalMs * 500_000L;
  }
}
