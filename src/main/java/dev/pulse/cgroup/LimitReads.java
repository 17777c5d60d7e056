package dev.pulse.cgroup;

/**
 * When a cgroup v1 container's own memory limit ({@code memory.limit_in_bytes}) must be read again: its
 * {@code memory.stat}, read for every sample anyway, carries {@code hierarchical_memory_limit}, the lowest limit of
 * the cgroup and its ancestors, so while the container's own limit is that lowest one, any change of it shows there,
 * and the limit file can be skipped (one system call fewer per sample; it is the same number {@code docker stats}
 * shows). The file is read again when
 * <ul>
 *   <li>nothing was read yet, or {@code memory.stat} has no {@code hierarchical_memory_limit} (cgroup v2, a kernel
 *       without it): every sample, as before;
 *   <li>the hierarchical limit changed since the last read;
 *   <li>the own limit read last is not the hierarchical one (an ancestor, e.g. a {@code --cgroup-parent}, has a lower
 *       limit, so a change of the container's own would not show): every sample;
 *   <li>{@link #BACKSTOP_NANOS} passed since the last read: the one change the rule cannot see (an ancestor whose
 *       limit is exactly the container's, then the container's raised) shows within that.
 * </ul>
 * Not thread-safe: one collector owns it. Times are {@code System.nanoTime()} values, passed in for the tests.
 */
final class LimitReads {

  static final long BACKSTOP_NANOS = 10_000_000_000L;

  private long own = -1;
  private long hierarchical = -1;
  private long readAt;

  /** Whether to read the own limit now, given this sample's hierarchical limit (-1: not in the file). */
  boolean due(long hierarchicalNow, long nowNanos) {
    return own < 0 || hierarchicalNow < 0 || hierarchicalNow != hierarchical || own != hierarchical
        || nowNanos - readAt >= BACKSTOP_NANOS;
  }

  /** Records a read of the own limit with the hierarchical limit of the same sample; returns {@code ownLimit}. */
  long read(long ownLimit, long hierarchicalNow, long nowNanos) {
    own = ownLimit;
    hierarchical = hierarchicalNow;
    readAt = nowNanos;
    return ownLimit;
  }

  /** The own limit read last (when {@link #due} is false). */
  long own() {
    return own;
  }
}
